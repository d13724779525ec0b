"""The taxonomies: every kind of term a briefing is filed under, as one table (Hugo's taxonomies).

Each kind says where its terms come from, what the search page calls its filter, whether its
terms are actors a story can be about, and which other kinds follow from it (a country brings
its region). Metadata keys, gazetteer sections, term pages, feeds, charts, the catalogue and
the search page's filters all derive from this table. A site owner adds a kind under
`taxonomies:` in mkdocs.yml; the six below are the default.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from briefings.model import Companion, Taxonomy

# Where a kind's terms come from.
VOCABULARY = "vocabulary"  # the topic vocabulary (seeds/taxonomy.yml), chosen by keywords
REGIONS = "regions"  # the gazetteer's regions; they follow from countries, never from the text
COUNTRIES = "countries"  # ISO 3166 (pycountry) and the gazetteer's `countries:` section
GAZETTEER = "gazetteer"  # a list of named entries in the gazetteers' section of the kind's id
FREE = "free"  # any value a seed's metadata gives; nothing is detected
SOURCES = (VOCABULARY, REGIONS, COUNTRIES, GAZETTEER, FREE)
SINGLE_SOURCES = (VOCABULARY, REGIONS, COUNTRIES)  # at most one kind may take its terms from each of these
GOVERNMENT_KINDS = ("agency", "armed-force", "legislature", "party")  # bodies whose mention brings their country

DEFAULT_TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy("topics", "Topics", "Topic", VOCABULARY, facet="topic"),
    Taxonomy("regions", "Regions", "Region", REGIONS, facet="region"),
    Taxonomy(
        "countries",
        "Countries",
        "Country",
        COUNTRIES,
        facet="country",
        actor=True,
        seen_with=True,
        companions=(Companion("regions"),),
    ),
    Taxonomy(
        "organisations",
        "Organisations",
        "Organisation",
        GAZETTEER,
        facet="organisation",
        actor=True,
        seen_with=True,
        companions=(Companion("countries", GOVERNMENT_KINDS),),
    ),
    Taxonomy("people", "People", "Person", GAZETTEER, actor=True, companions=(Companion("countries"),)),
    Taxonomy("systems", "Systems", "System", GAZETTEER, facet="system", actor=True),
)

ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
FACET = re.compile(r"[a-z][a-z0-9_]*")
RESERVED_IDS = frozenset(
    {
        "briefings",
        "archive",
        "feeds",
        "standards",
        "search",
        "assets",
        "pagefind",
        "stylesheets",
        "javascripts",
        "title",
        "date",
        "updated",
        "slug",
        "summary",
        "key_points",
        "source",
        "sources",
        "handling",
        "draft",
        "tags",
        "assessment",
        "supersedes",
        "changes",
        "index",
    }
)
RESERVED_FACETS = frozenset({"year", "part", "query", "sort"})  # the search page's own parameters and filters
KEYS = ("id", "title", "singular", "terms", "facet", "actor", "seen_with", "companions", "gazetteer")
COMPANION_KEYS = ("taxonomy", "when")


class TaxonomyError(Exception):
    """The `taxonomies` option is not a valid table; `problems` lists every reason."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


def by_id(taxonomies: Sequence[Taxonomy]) -> dict[str, Taxonomy]:
    """Return the taxonomies by id, in table order."""
    return {t.id: t for t in taxonomies}


def with_source(taxonomies: Sequence[Taxonomy], source: str) -> Taxonomy | None:
    """Return the kind whose terms come from `source` (VOCABULARY, REGIONS or COUNTRIES), or None."""
    return next((t for t in taxonomies if t.source == source), None)


def facets(taxonomies: Sequence[Taxonomy]) -> tuple[Taxonomy, ...]:
    """Return the kinds that are filters of the search page, in table order."""
    return tuple(t for t in taxonomies if t.facet)


def read_taxonomies(raw: Any, config_dir: Path) -> tuple[Taxonomy, ...]:
    """Return the table from the `taxonomies` option: None for the default, or a list of kinds, each
    either the id of a default kind (kept as it is) or a mapping. Raise TaxonomyError with every problem."""
    if raw is None:
        return DEFAULT_TAXONOMIES
    if not isinstance(raw, list) or not raw:
        raise TaxonomyError(["'taxonomies' must be a list of kinds (ids of the default kinds or mappings)"])
    defaults = by_id(DEFAULT_TAXONOMIES)
    problems: list[str] = []
    table: list[Taxonomy] = []
    explicit: set[str] = set()  # kinds whose companions the table gives itself
    for index, item in enumerate(raw):
        where = f"taxonomies[{index}]"
        if isinstance(item, str):
            if item not in defaults:
                problems.append(
                    f"{where}: '{item}' is not a default kind ({', '.join(defaults)}); give a mapping to add one"
                )
                continue
            table.append(defaults[item])
        elif isinstance(item, Mapping):
            kind = read_kind(item, where, defaults, config_dir, problems)
            if kind is not None:
                table.append(kind)
                if "companions" in item:
                    explicit.add(kind.id)
        else:
            problems.append(f"{where}: expected an id or a mapping")
    present = {kind.id for kind in table}
    table = [
        kind
        if kind.id in explicit
        else dataclasses.replace(kind, companions=tuple(c for c in kind.companions if c.taxonomy in present))
        for kind in table
    ]  # a default's companions, where listed
    problems.extend(check_table(table))
    if problems:
        raise TaxonomyError(problems)
    return tuple(table)


def read_kind(
    item: Mapping, where: str, defaults: Mapping[str, Taxonomy], config_dir: Path, problems: list[str]
) -> Taxonomy | None:
    """Return one kind from its mapping (a default kind's id fills in what the mapping leaves out), or None."""
    unknown = [str(key) for key in item if key not in KEYS]
    if unknown:
        problems.append(
            f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"known keys: {', '.join(KEYS)}"
        )
        return None
    kind_id = item.get("id")
    if not isinstance(kind_id, str) or not ID.fullmatch(kind_id):
        problems.append(f"{where}: 'id' must be lowercase letters, digits and hyphens, got {kind_id!r}")
        return None
    base = defaults.get(kind_id)
    title = text_value(item, "title", base.title if base else kind_id.replace("-", " ").capitalize(), where, problems)
    singular = text_value(item, "singular", base.singular if base else title.removesuffix("s"), where, problems)
    source = item.get("terms", base.source if base else FREE)
    if source not in SOURCES:
        problems.append(f"{where}: 'terms' must be one of {', '.join(SOURCES)}, got {source!r}")
        return None
    facet = item.get("facet", base.facet if base else "")
    if facet is None or facet is False:
        facet = ""
    if not isinstance(facet, str) or (facet and not FACET.fullmatch(facet)):
        problems.append(f"{where}: 'facet' must be a lowercase name (or empty for none), got {facet!r}")
        return None
    actor = item.get("actor", base.actor if base else False)
    seen_with = item.get("seen_with", base.seen_with if base else False)
    for key, value in (("actor", actor), ("seen_with", seen_with)):
        if not isinstance(value, bool):
            problems.append(f"{where}: '{key}' must be true or false, got {value!r}")
            return None
    companions = read_companions(item.get("companions"), base, where, problems)
    files = item.get("gazetteer", [])
    if isinstance(files, str):
        files = [files]
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        problems.append(f"{where}: 'gazetteer' must be a file or a list of files")
        return None
    if files and source not in (GAZETTEER, COUNTRIES):
        problems.append(f"{where}: 'gazetteer' files need 'terms: gazetteer'")
        return None
    return Taxonomy(
        kind_id,
        title,
        singular,
        source,
        facet,
        actor,
        seen_with,
        companions,
        tuple((config_dir / f).resolve() for f in files),
    )


def text_value(item: Mapping, key: str, default: str, where: str, problems: list[str]) -> str:
    """Return a one-line text option, or the default (a problem when it is not text)."""
    value = item.get(key, default)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: '{key}' must be text, got {value!r}")
        return default
    return " ".join(value.split())


def read_companions(raw: Any, base: Taxonomy | None, where: str, problems: list[str]) -> tuple[Companion, ...]:
    """Return a kind's companions: ids of other kinds, or mappings {taxonomy, when: [entry kinds]}."""
    if raw is None:
        return base.companions if base else ()
    if not isinstance(raw, list):
        problems.append(f"{where}: 'companions' must be a list")
        return ()
    companions = []
    for item in raw:
        if isinstance(item, str):
            companions.append(Companion(item))
        elif isinstance(item, Mapping) and isinstance(item.get("taxonomy"), str) and set(item) <= set(COMPANION_KEYS):
            when = item.get("when", [])
            if not isinstance(when, list) or not all(isinstance(w, str) for w in when):
                problems.append(f"{where}: a companion's 'when' must be a list of entry kinds")
                continue
            companions.append(Companion(item["taxonomy"], tuple(when)))
        else:
            problems.append(f"{where}: each companion is a kind's id or a mapping with 'taxonomy' (and 'when')")
    return tuple(companions)


def check_table(table: Sequence[Taxonomy]) -> list[str]:
    """Return what is wrong with a whole table: repeated ids or facets, reserved names, unknown companions."""
    problems = []
    ids = [t.id for t in table]
    for kind_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"taxonomies: '{kind_id}' is listed twice")
    for kind_id in sorted(set(ids) & RESERVED_IDS):
        problems.append(
            f"taxonomies: '{kind_id}' is reserved (a metadata key or a folder of the site); choose another id"
        )
    named = [t.facet for t in table if t.facet]
    for facet in sorted({f for f in named if named.count(f) > 1}):
        problems.append(f"taxonomies: two kinds have the facet '{facet}'")
    for facet in sorted(set(named) & RESERVED_FACETS):
        problems.append(f"taxonomies: the facet '{facet}' is the search page's own; choose another")
    for source in SINGLE_SOURCES:
        using = [t.id for t in table if t.source == source]
        if len(using) > 1:
            problems.append(f"taxonomies: only one kind may have 'terms: {source}' ({', '.join(using)})")
    linked = {t.id: t.source for t in table if t.source in (REGIONS, COUNTRIES)}
    for kind in table:
        for companion in kind.companions:
            if companion.taxonomy not in linked or companion.taxonomy == kind.id:
                problems.append(
                    f"taxonomies: '{kind.id}' has the companion '{companion.taxonomy}'; a companion is "
                    f"the kind with 'terms: {COUNTRIES}' or 'terms: {REGIONS}' (gazetteer entries name their "
                    "country and region), and not the kind itself"
                )
    if not problems and companion_order(table) is None:
        problems.append("taxonomies: the companions form a cycle")
    return problems


def companion_order(table: Sequence[Taxonomy]) -> tuple[Taxonomy, ...] | None:
    """Return the kinds in an order where each comes after every kind it is a companion of (None for a cycle);
    ties keep table order."""
    sources = {t.id: {s.id for s in table if any(c.taxonomy == t.id for c in s.companions)} for t in table}
    done: list[Taxonomy] = []
    remaining = list(table)
    while remaining:
        ready = next((t for t in remaining if sources[t.id] <= {d.id for d in done}), None)
        if ready is None:
            return None
        done.append(ready)
        remaining.remove(ready)
    return tuple(done)
