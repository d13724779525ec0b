"""The data model: frozen values passed from stage to stage.

Every value read from a seed remembers where it came from (an Origin), and
whether a person gave it or the generator detected it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")

HANDLING = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
PUBLIC_HANDLING = ("TLP:CLEAR", "TLP:GREEN")


@dataclass(frozen=True, slots=True)
class Companion:
    """A kind whose terms follow from another's: a country brings its region; a person, their country.
    `when` limits it to gazetteer entries of these kinds (government bodies bring their country)."""

    taxonomy: str
    when: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """One kind of term a briefing is filed under (the table is briefings.taxonomies)."""

    id: str  # the metadata key, and the folder of its term pages and feeds: "countries"
    title: str  # "Countries"
    singular: str  # "Country"
    source: str  # where its terms come from: vocabulary, regions, countries, gazetteer or free
    facet: str = ""  # the search page's filter key ("country"); "" for none
    actor: bool = False  # named entities a story can be about: listed under "Actors and systems", counted together
    seen_with: bool = False  # its term pages list the entities seen most often with the term
    companions: tuple[Companion, ...] = ()  # kinds whose terms follow from this one's terms
    gazetteer_files: tuple[Path, ...] = ()  # its own gazetteer files (terms: gazetteer)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value came from: a file, a line (0: the whole file), given by a person or detected."""

    path: str
    line: int
    given: bool = True


@dataclass(frozen=True, slots=True)
class Located(Generic[T]):
    """A value with its origin."""

    value: T
    origin: Origin


@dataclass(frozen=True, slots=True)
class Settings:
    """What the site owner configured (the `briefings` plugin options of mkdocs.yml); made by
    briefings.settings.settings_from, which holds the defaults and checks."""

    seeds_dir: Path
    taxonomy_file: Path | None  # the topic vocabulary
    gazetteer_files: tuple[Path, ...]
    timezone: str
    dayfirst: bool | None
    internal: bool
    site_name: str
    site_url: str  # mkdocs.yml site_url; feeds use relative links without it
    exclude: tuple[str, ...]  # patterns of files in the seeds folder that are not seeds
    cache_dir: Path | None  # where results are kept between runs; None: nowhere
    jobs: int  # processes that parse, enrich, render and convert
    taxonomies: tuple[Taxonomy, ...]  # the kinds of terms, in display order
    search_part_pages: int  # the most briefing pages one Pagefind run indexes; 0: no limit


# --- sources -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceText:
    """One decoded input file."""

    path: str  # as shown in problems (relative to the working directory)
    rel: str  # relative to the seeds folder, with forward slashes
    text: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Seed:
    """One article: its body file (.txt or .md) and its optional metadata file (.yml)."""

    name: str  # the body's path relative to the seeds folder, without suffix
    body: SourceText | None
    meta: SourceText | None


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything the sources stage read."""

    seeds: tuple[Seed, ...]
    taxonomy: SourceText | None
    gazetteers: tuple[SourceText, ...]


# --- parse -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of article text: a paragraph, a heading, a list item, a block quote, a table row, or a Markdown chunk."""

    kind: str  # "paragraph" | "heading" | "item" | "quote" | "table" | "markdown"
    text: str
    line: int
    depth: int = 0  # an item's nesting; a heading's level (2-4)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where the article was published."""

    name: str = ""  # the publisher or site
    url: str = ""  # the article's canonical URL
    author: str = ""
    published: dt.date | None = None  # a date, or an aware datetime where the source gave a time and zone
    retrieved: dt.date | None = None  # the same
    grade: str = ""  # Admiralty code: reliability A–F, credibility 1–6, e.g. "B2"

    def given(self) -> bool:
        """Return whether the source says anything a reader can use (a grade alone does not)."""
        return bool(self.name or self.url or self.author or self.published)


INTAKE_KINDS = ("web page", "PDF", "feed item", "text", "Markdown")


@dataclass(frozen=True, slots=True)
class Intake:
    """How `briefings add` made a seed: when, from what it was given, and what that was."""

    at: dt.date  # an aware datetime (a date where only the day is known)
    origin: str  # the URL, file name or feed it was given ("standard input" for -)
    kind: str  # one of INTAKE_KINDS


@dataclass(frozen=True, slots=True)
class Judgment:
    """A key judgment in ICD 203 terms."""

    text: str
    likelihood: str  # one of the seven primary terms
    confidence: str  # low | moderate | high
    basis: str


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a person gave in a metadata file or front matter; None where not given."""

    title: Located[str] | None = None
    date: Located[dt.date] | None = None
    updated: Located[dt.date] | None = None
    slug: Located[str] | None = None
    summary: Located[str] | None = None
    key_points: Located[tuple[str, ...]] | None = None
    terms: tuple[tuple[str, tuple[Located[str], ...]], ...] = ()  # (taxonomy id, the names given), in file order
    source: Located[SourceRef] | None = None
    handling: Located[str] | None = None
    draft: Located[bool] | None = None
    tags: Located[tuple[str, ...]] | None = None
    sources: tuple[Located[SourceRef], ...] | None = None
    assessment: tuple[Located[Judgment], ...] | None = None
    supersedes: Located[str] | None = None
    changes: Located[str] | None = None
    lang: Located[str] | None = None  # the article's language, a BCP 47 tag ("fr", "en-GB")
    added: Located[Intake] | None = None

    def given(self, taxonomy: str) -> tuple[Located[str], ...] | None:
        """Return the names given for one taxonomy, or None where the key is absent."""
        return next((names for key, names in self.terms if key == taxonomy), None)


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed seed: its text as printed, and the metadata a person gave."""

    seed: str  # body path relative to the seeds folder
    path: str  # body path as shown in problems
    sha256: str
    title: Located[str] | None
    printed_date: Located[str] | None
    blocks: tuple[Block, ...]
    meta: Metadata = field(default_factory=Metadata)


@dataclass(frozen=True, slots=True)
class Topic:
    """One entry of the controlled topic vocabulary."""

    id: str
    title: str
    description: str
    keywords: tuple[str, ...]
    origin: Origin


# --- enrich ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """A term of a taxonomy: a topic, region, country, organisation, person or system."""

    taxonomy: str
    slug: str
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A briefing's membership of a term, with where it came from and the words that chose it."""

    term: Term
    origin: Origin
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Briefing:
    """An article made ready to publish."""

    slug: str
    title: str
    date: dt.date
    updated: dt.date | None
    timestamp: dt.datetime | None
    summary: Located[str]
    key_points: Located[tuple[str, ...]]
    blocks: tuple[Block, ...]
    mentions: tuple[Mention, ...]
    source: SourceRef | None
    handling: str
    draft: bool
    tags: tuple[str, ...]
    seed: str
    path: str
    sha256: str
    words: int
    caveats: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    judgments: tuple[Judgment, ...] = ()
    sources: tuple[SourceRef, ...] = ()  # further sources; the article's own is `source`
    supersedes: str | None = None  # slug of the briefing this one replaces
    superseded_by: str | None = None  # slug of the newest briefing in the chain
    changes: str | None = None  # what changed since the briefing it supersedes
    lang: str = ""  # the article's language (BCP 47), where known
    added: Intake | None = None  # how `briefings add` made its seed, if it did

    def terms(self, taxonomy: str) -> tuple[Term, ...]:
        """Return this briefing's terms of one taxonomy, in display order."""
        return tuple(m.term for m in self.mentions if m.term.taxonomy == taxonomy)


@dataclass(frozen=True, slots=True)
class Site:
    """Every published briefing, newest first, and what is needed to render the site."""

    briefings: tuple[Briefing, ...]
    settings: Settings
    left_out: tuple[Briefing, ...] = ()


# --- render ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    """Every output file, as {path relative to content/: text}, sorted by path.

    `kept` are generated files whose inputs are unchanged since they were written: they are
    planned as they are on disk, not rendered again. `units` names the files rendered together
    with the digest of what they are made from: (name, key, paths).
    """

    files: tuple[tuple[str, str], ...]
    kept: tuple[str, ...] = ()
    units: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    def as_dict(self) -> dict[str, str]:
        """Return the plan as a dict of path to text."""
        return dict(self.files)


def pickle_by_fields(cls: type) -> type:
    """Give a frozen, slotted dataclass a quick pickle state: its field values in order.

    Dataclasses' own __setstate__ looks the fields up again for every object, which was most of
    the time it took to load the seed cache."""
    names = tuple(f.name for f in fields(cls))
    setter = object.__setattr__

    def __getstate__(self):
        return [getattr(self, name) for name in names]

    def __setstate__(self, state):
        for name, value in zip(names, state, strict=True):
            setter(self, name, value)

    setattr(cls, "__getstate__", __getstate__)  # noqa: B010 - assigned on a class mypy sees as `type`
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010
    return cls


for _cls in (
    Companion,
    Taxonomy,
    Origin,
    Located,
    Settings,
    SourceText,
    Seed,
    Inputs,
    Block,
    SourceRef,
    Intake,
    Judgment,
    Metadata,
    Article,
    Topic,
    Term,
    Mention,
    Briefing,
    Site,
    Plan,
):
    pickle_by_fields(_cls)
