"""The gazetteer: countries, regions, organisations, people and systems, and finding them in text.

The package ships `data/gazetteer.yml` and `data/regions.yml`; a site owner extends them
with files of the same form named in mkdocs.yml, without editing the package.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pycountry

from briefings.errors import Problem
from briefings.formats.yamlread import Node, load_yaml
from briefings.model import Origin, SourceText, Taxonomy, Term
from briefings.taxonomies import COUNTRIES, DEFAULT_TAXONOMIES, GAZETTEER, REGIONS, with_source

DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True, slots=True)
class Entry:
    """One named thing that text can mention."""

    taxonomy: str  # the id of its kind: countries, organisations, people, systems, or a site's own
    id: str  # ISO alpha-2 for countries, a slug otherwise
    name: str
    aliases: tuple[str, ...]
    kind: str = ""
    country: str = ""  # ISO alpha-2 of the country it belongs to, where any
    region: str = ""  # for countries: the region id
    origin: Origin | None = None
    capitals: tuple[str, ...] = ()  # for countries: the aliases that are seats of government


@dataclass(frozen=True, slots=True)
class Region:
    """A region of the world that countries belong to."""

    id: str
    title: str
    description: str


# Phrases that contain an alias but name something else. They take part in matching,
# so the longest phrase wins at its position, and yield no hit.
NOT_ENTITIES = (
    "North America",
    "South America",
    "Latin America",
    "Central America",
    "Americas",
    "Indian Ocean",
    "Indian Ocean Region",
    "American Indian",
    "American Indians",
    "Native American",
    "Native Americans",
    "Treasury Board",
    "Minsk Group",
    "Minsk agreements",
    "Minsk Agreements",
    "New Mexico",
    "New Jersey",
    "Washington Post",
    "Washington State",
    "Washington state",
    "George Washington",
    "Paris Agreement",
    "Paris Climate Agreement",
    "Paris Club",
    "Rome Statute",
    "Warsaw Pact",
    "Helsinki Final Act",
    "Budapest Memorandum",
    "Ottawa Convention",
    "Istanbul Convention",
    "Turkey Point",
)
# A capital after these words is a place where something happened, not a government.
VENUE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|from|visit|visits|visited|visiting|trip to|travel to|"
    r"traveled to|travelled to|arrived in|held in|based in)\s+)$"
)
# "Georgia" the U.S. state: named with a U.S. city, a state office, or "state of".
US_GEORGIA_BEFORE = re.compile(
    r"(?:\b(?:Atlanta|Savannah|Augusta|Macon|Athens|Columbus|Marietta|Albany),\s*|"
    r"\b(?:state|State|Governor|governor|Gov\.|Senator|Sen\.|Representative|Rep\.) of\s+|"
    r"\bU\.S\. state of\s+|\b[RD]-|\bnorth |\bsouth |\bNorth |\bSouth )$"
)
US_GEORGIA_AFTER = re.compile(
    r"(?:[’']s?)?\s*(?:,\s*(?:U\.S\.|USA|United States)|governor|Governor|legislature|"
    r"Legislature|General Assembly|Senate|senators?|Senators?|Republicans?|Democrats?|"
    r"Secretary of State|state|State|Tech|Bulldogs|voters|\(U\.S\.\))"
)
CONTEXT = 40


class Gazetteer:
    """Every known entry, and one compiled pattern to find them all, longest match first."""

    def __init__(
        self,
        entries: dict[tuple[str, str], Entry],
        regions: dict[str, Region],
        taxonomies: tuple[Taxonomy, ...] = DEFAULT_TAXONOMIES,
    ) -> None:
        self.entries = entries
        self.regions = regions
        self.kinds = tuple(t.id for t in taxonomies if t.source in (COUNTRIES, GAZETTEER))  # kinds of named entries
        countries = with_source(taxonomies, COUNTRIES)
        self.countries = countries.id if countries else ""  # the kind of ISO 3166 countries, if any
        self.by_alias: dict[str, dict[str, str]] = {t: {} for t in self.kinds}
        self.by_name: dict[str, dict[str, str]] = {t: {} for t in self.kinds}
        self.capitals: set[str] = set()
        for (taxonomy, key), entry in sorted(entries.items()):
            for alias in entry.aliases:
                self.by_alias[taxonomy].setdefault(alias, key)
            for name in (entry.name, *entry.aliases, key):
                self.by_name[taxonomy].setdefault(name.casefold(), key)
            self.capitals.update(entry.capitals)
        # alias -> every (taxonomy, id) it names; an empty tuple for NOT_ENTITIES
        self.targets: dict[str, tuple[tuple[str, str], ...]] = {}
        for taxonomy in self.kinds:
            for alias, key in self.by_alias[taxonomy].items():
                self.targets[alias] = (*self.targets.get(alias, ()), (taxonomy, key))
        for phrase in NOT_ENTITIES:
            self.targets.setdefault(phrase, ())
        self.terms: dict[tuple[str, str], Term] = {}  # the Term of each entry, once made (enrich.term_for_entry)

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        """Return the pattern of every alias, compiled when first needed (a rebuild whose seeds all come
        from the cache never needs it)."""
        return compile_aliases(self.targets)

    def counts(self, text: str) -> dict[tuple[str, str], dict[str, int]]:
        """Return, for every entry mentioned in the text, how often each of its aliases is; at one place
        the longest alias wins."""
        counts: dict[tuple[str, str], dict[str, int]] = {}
        for alias, _, targets in self._mentions(text):
            for target in targets:
                aliases = counts.get(target)
                if aliases is None:
                    counts[target] = {alias: 1}
                else:
                    aliases[alias] = aliases.get(alias, 0) + 1
        return counts

    def _mentions(self, text: str):
        """Yield (alias, start, the entries it names) for every mention in the text, in text order."""
        targets_of = self.targets
        capitals = self.capitals
        for match in self.pattern.finditer(text):
            alias = match.group()
            targets = targets_of[alias]
            if not targets:
                continue
            start = match.start()
            if alias in capitals and VENUE_BEFORE.search(text[max(0, start - CONTEXT) : start]):
                continue
            if alias == "Georgia" and (
                US_GEORGIA_BEFORE.search(text[max(0, start - CONTEXT) : start])
                or US_GEORGIA_AFTER.match(text, match.end(), match.end() + CONTEXT)
            ):
                continue
            yield alias, start, targets

    def lookup(self, taxonomy: str, name: str) -> Entry | None:
        """Return the entry a person named (by id, name, alias or ISO code), or None (also for kinds without any)."""
        key = self.by_name.get(taxonomy, {}).get(name.casefold())
        if key is None and taxonomy == self.countries and taxonomy:
            try:
                key = pycountry.countries.lookup(name).alpha_2
            except LookupError:
                key = None
        return self.entries.get((taxonomy, key)) if key else None


def compile_aliases(aliases, flags: int = 0) -> re.Pattern:
    """Return one pattern matching any alias as whole words, trying longer aliases first at each place.

    The aliases are arranged as a trie, so each position costs at most the length of the
    longest alias rather than the number of aliases.
    """
    trie: dict = {}
    for alias in aliases:
        node = trie
        for char in alias:
            node = node.setdefault(char, {})
        node[""] = True

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return re.compile(rf"(?<![\w@#/])(?:{build(trie)})(?![\w@])", flags)


def as_list(node: Node | None) -> list[str]:
    """Return a YAML list of strings (or one string) as a list; non-strings are dropped by checks."""
    if node is None:
        return []
    if isinstance(node.value, str):
        return [node.value]
    if isinstance(node.value, list):
        return [item.value for item in node.value if isinstance(item.value, str)]
    return []


COUNTRY_KEYS = ("name", "aliases", "demonyms", "capitals", "region")
ENTRY_KEYS = (
    "id",
    "name",
    "aliases",
    "kind",
    "role",
    "country",
)  # an entry of any other kind; a person's kind is their role


def read_entries(
    source: SourceText,
    entries: dict,
    regions: dict,
    country_regions: dict,
    taxonomies: tuple[Taxonomy, ...],
    shipped: bool = False,
) -> list[Problem]:
    """Add the entries of one gazetteer or regions file; return its problems. Sections are named by the
    kinds' ids; `shipped` files may hold sections of kinds a site left out (skipped)."""
    root, problems = load_yaml(source.text, source.path)
    if root is None:
        return problems
    if not isinstance(root.value, dict):
        return [Problem(source.path, root.line, "expected a mapping of sections")]
    regions_kind, countries_kind = with_source(taxonomies, REGIONS), with_source(taxonomies, COUNTRIES)
    named = [t.id for t in taxonomies if t.source == GAZETTEER]
    sections = {
        **({regions_kind.id: REGIONS} if regions_kind else {}),
        **({countries_kind.id: COUNTRIES} if countries_kind else {}),
        **{kind: GAZETTEER for kind in named},
    }
    for section, node in root.value.items():
        role = sections.get(section)
        if role is None and shipped:
            continue
        if role == REGIONS and isinstance(node.value, list):
            for item in node.value:
                if not isinstance(item.value, dict) or "id" not in item.value:
                    problems.append(Problem(source.path, item.line, "a region needs an id"))
                    continue
                fields = {k: v.value for k, v in item.value.items()}
                regions[fields["id"]] = Region(
                    fields["id"], str(fields.get("title", fields["id"])), str(fields.get("description", ""))
                )
        elif role == COUNTRIES and isinstance(node.value, dict):
            for code, item in node.value.items():
                if isinstance(item.value, str):  # regions.yml: code -> region id
                    country_regions[code] = item.value
                    continue
                if not isinstance(item.value, dict):
                    problems.append(Problem(source.path, item.line, f"country {code}: expected a mapping"))
                    continue
                fields = item.value
                for key in fields:
                    if key not in COUNTRY_KEYS:
                        problems.append(Problem(source.path, fields[key].line, f"country {code}: unknown key '{key}'"))
                old = entries.get((section, code))
                name = fields["name"].value if "name" in fields else (old.name if old else code)
                aliases = [
                    name,
                    *as_list(fields.get("aliases")),
                    *as_list(fields.get("demonyms")),
                    *as_list(fields.get("capitals")),
                ]
                if old:
                    aliases = [*old.aliases, *aliases]
                if "region" in fields:
                    country_regions[code] = fields["region"].value
                capitals = [*(old.capitals if old else ()), *as_list(fields.get("capitals"))]
                entries[(section, code)] = Entry(
                    section,
                    code,
                    str(name),
                    tuple(dict.fromkeys(aliases)),
                    origin=Origin(source.path, item.line),
                    capitals=tuple(dict.fromkeys(capitals)),
                )
        elif role == GAZETTEER and isinstance(node.value, list):
            for item in node.value:
                if not isinstance(item.value, dict) or "id" not in item.value or "name" not in item.value:
                    problems.append(Problem(source.path, item.line, f"each of {section} needs an id and a name"))
                    continue
                fields = item.value
                for key in fields:
                    if key not in ENTRY_KEYS:
                        problems.append(Problem(source.path, fields[key].line, f"{section}: unknown key '{key}'"))
                entry_id = str(fields["id"].value)
                name = str(fields["name"].value)
                names = tuple(dict.fromkeys([name, *as_list(fields.get("aliases"))]))
                kind = (
                    str(fields["kind"].value)
                    if "kind" in fields
                    else str(fields["role"].value)
                    if "role" in fields
                    else ""
                )
                country = str(fields["country"].value) if "country" in fields else ""
                entries[(section, entry_id)] = Entry(
                    section, entry_id, name, names, kind, country, origin=Origin(source.path, item.line)
                )
        else:
            expected = ", ".join(sorted(sections)) or "none (no kind takes its terms from a gazetteer)"
            problems.append(Problem(source.path, node.line, f"unknown section '{section}'; expected {expected}"))
    return problems


def load_gazetteer(
    extra: tuple[SourceText, ...] = (), taxonomies: tuple[Taxonomy, ...] = DEFAULT_TAXONOMIES
) -> tuple[Gazetteer, list[Problem]]:
    """Return the shipped gazetteer extended by the site owner's files, for these kinds, and their problems."""
    gazetteer, problems = _load_gazetteer(tuple(extra), tuple(taxonomies))
    return gazetteer, list(problems)


@functools.lru_cache(maxsize=4)  # a serve session rebuilds with the same files: compile the patterns once
def _load_gazetteer(
    extra: tuple[SourceText, ...], taxonomies: tuple[Taxonomy, ...]
) -> tuple[Gazetteer, tuple[Problem, ...]]:
    entries: dict[tuple[str, str], Entry] = {}
    regions: dict[str, Region] = {}
    country_regions: dict[str, str] = {}
    problems: list[Problem] = []
    countries = with_source(taxonomies, COUNTRIES)
    if countries is not None:
        for country in pycountry.countries:
            name = getattr(country, "common_name", None) or country.name
            entries[(countries.id, country.alpha_2)] = Entry(countries.id, country.alpha_2, name, (name,))
    for name in ("gazetteer.yml", "regions.yml"):
        path = DATA / name
        if path.exists():
            shipped = SourceText(f"generator/briefings/data/{name}", name, path.read_text(encoding="utf-8"), "")
            problems.extend(read_entries(shipped, entries, regions, country_regions, taxonomies, shipped=True))
    for source in extra:
        problems.extend(read_entries(source, entries, regions, country_regions, taxonomies))
    for (taxonomy, code), entry in list(entries.items()):
        if countries is not None and taxonomy == countries.id and code in country_regions:
            entries[(taxonomy, code)] = Entry(
                entry.taxonomy,
                entry.id,
                entry.name,
                entry.aliases,
                entry.kind,
                entry.country,
                country_regions[code],
                entry.origin,
                entry.capitals,
            )
    return Gazetteer(entries, regions, taxonomies), tuple(problems)
