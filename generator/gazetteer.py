"""The gazetteer: countries, regions, organisations, people and systems, and finding them in text.

The package ships `data/gazetteer.yml` and `data/regions.yml`; a site owner extends them
with files of the same form named in mkdocs.yml, without editing the package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pycountry

from generator.errors import Problem
from generator.model import Origin, SourceText
from generator.yamldoc import Node, load_yaml

DATA = Path(__file__).parent / "data"
ENTITY_TAXONOMIES = ("countries", "organisations", "people", "systems")


@dataclass(frozen=True, slots=True)
class Entry:
    """One named thing that text can mention."""

    taxonomy: str  # countries | organisations | people | systems
    id: str  # ISO alpha-2 for countries, a slug otherwise
    name: str
    aliases: tuple[str, ...]
    kind: str = ""
    country: str = ""  # ISO alpha-2 of the country it belongs to, where any
    region: str = ""  # for countries: the region id
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class Region:
    """A region of the world that countries belong to."""

    id: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One mention of an entry in a text: the entry's key and the words that matched."""

    taxonomy: str
    id: str
    alias: str
    start: int


class Gazetteer:
    """Every known entry, and one compiled pattern per taxonomy to find them."""

    def __init__(self, entries: dict[tuple[str, str], Entry], regions: dict[str, Region]) -> None:
        self.entries = entries
        self.regions = regions
        self.by_alias: dict[str, dict[str, str]] = {t: {} for t in ENTITY_TAXONOMIES}
        self.by_name: dict[str, dict[str, str]] = {t: {} for t in ENTITY_TAXONOMIES}
        for (taxonomy, key), entry in sorted(entries.items()):
            for alias in entry.aliases:
                self.by_alias[taxonomy].setdefault(alias, key)
            for name in (entry.name, *entry.aliases, key):
                self.by_name[taxonomy].setdefault(name.casefold(), key)
        self.patterns = {}
        for taxonomy, aliases in self.by_alias.items():
            ordered = sorted(aliases, key=lambda a: (-len(a), a))
            if ordered:
                alternation = "|".join(re.escape(a) for a in ordered)
                self.patterns[taxonomy] = re.compile(rf"(?<![\w@#/])(?:{alternation})(?![\w@])")

    def find(self, text: str) -> list[Hit]:
        """Return every mention of every entry in the text, in text order."""
        hits = []
        for taxonomy, pattern in self.patterns.items():
            aliases = self.by_alias[taxonomy]
            for match in pattern.finditer(text):
                hits.append(Hit(taxonomy, aliases[match.group()], match.group(), match.start()))
        return sorted(hits, key=lambda h: (h.start, h.taxonomy, h.id))

    def lookup(self, taxonomy: str, name: str) -> Entry | None:
        """Return the entry a person named (by id, name, alias or ISO code), or None."""
        key = self.by_name[taxonomy].get(name.casefold())
        if key is None and taxonomy == "countries":
            try:
                key = pycountry.countries.lookup(name).alpha_2
            except LookupError:
                key = None
        return self.entries.get((taxonomy, key)) if key else None


def as_list(node: Node | None) -> list[str]:
    """Return a YAML list of strings (or one string) as a list; non-strings are dropped by checks."""
    if node is None:
        return []
    if isinstance(node.value, str):
        return [node.value]
    if isinstance(node.value, list):
        return [item.value for item in node.value if isinstance(item.value, str)]
    return []


ENTRY_KEYS = {
    "countries": ("name", "aliases", "demonyms", "capitals", "region"),
    "organisations": ("id", "name", "aliases", "kind", "country"),
    "people": ("id", "name", "aliases", "role", "country"),
    "systems": ("id", "name", "aliases", "kind", "country"),
}


def read_entries(source: SourceText, entries: dict, regions: dict, country_regions: dict) -> list[Problem]:
    """Add the entries of one gazetteer or regions file; return its problems."""
    root, problems = load_yaml(source.text, source.path)
    if root is None:
        return problems
    if not isinstance(root.value, dict):
        return [Problem(source.path, root.line, "expected a mapping of sections")]
    for section, node in root.value.items():
        if section == "regions" and isinstance(node.value, list):
            for item in node.value:
                if not isinstance(item.value, dict) or "id" not in item.value:
                    problems.append(Problem(source.path, item.line, "a region needs an id"))
                    continue
                fields = {k: v.value for k, v in item.value.items()}
                regions[fields["id"]] = Region(fields["id"], str(fields.get("title", fields["id"])), str(fields.get("description", "")))
        elif section == "countries" and isinstance(node.value, dict):
            for code, item in node.value.items():
                if isinstance(item.value, str):  # regions.yml: code -> region id
                    country_regions[code] = item.value
                    continue
                if not isinstance(item.value, dict):
                    problems.append(Problem(source.path, item.line, f"country {code}: expected a mapping"))
                    continue
                fields = item.value
                for key in fields:
                    if key not in ENTRY_KEYS["countries"]:
                        problems.append(Problem(source.path, fields[key].line, f"country {code}: unknown key '{key}'"))
                old = entries.get(("countries", code))
                name = fields["name"].value if "name" in fields else (old.name if old else code)
                aliases = [name, *as_list(fields.get("aliases")), *as_list(fields.get("demonyms")), *as_list(fields.get("capitals"))]
                if old:
                    aliases = [*old.aliases, *aliases]
                if "region" in fields:
                    country_regions[code] = fields["region"].value
                entries[("countries", code)] = Entry("countries", code, str(name), tuple(dict.fromkeys(aliases)), origin=Origin(source.path, item.line))
        elif section in ("organisations", "people", "systems") and isinstance(node.value, list):
            for item in node.value:
                if not isinstance(item.value, dict) or "id" not in item.value or "name" not in item.value:
                    problems.append(Problem(source.path, item.line, f"each of {section} needs an id and a name"))
                    continue
                fields = item.value
                for key in fields:
                    if key not in ENTRY_KEYS[section]:
                        problems.append(Problem(source.path, fields[key].line, f"{section}: unknown key '{key}'"))
                entry_id = str(fields["id"].value)
                name = str(fields["name"].value)
                aliases = tuple(dict.fromkeys([name, *as_list(fields.get("aliases"))]))
                kind = str(fields["kind"].value) if "kind" in fields else str(fields["role"].value) if "role" in fields else ""
                country = str(fields["country"].value) if "country" in fields else ""
                entries[(section, entry_id)] = Entry(section, entry_id, name, aliases, kind, country, origin=Origin(source.path, item.line))
        else:
            problems.append(Problem(source.path, node.line, f"unknown section '{section}'; expected countries, organisations, people, systems or regions"))
    return problems


def load_gazetteer(extra: tuple[SourceText, ...] = ()) -> tuple[Gazetteer, list[Problem]]:
    """Return the shipped gazetteer extended by the site owner's files, and their problems."""
    entries: dict[tuple[str, str], Entry] = {}
    regions: dict[str, Region] = {}
    country_regions: dict[str, str] = {}
    problems: list[Problem] = []
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        entries[("countries", country.alpha_2)] = Entry("countries", country.alpha_2, name, (name,))
    for name in ("gazetteer.yml", "regions.yml"):
        path = DATA / name
        if path.exists():
            shipped = SourceText(f"generator/data/{name}", name, path.read_text(encoding="utf-8"), "")
            problems.extend(read_entries(shipped, entries, regions, country_regions))
    for source in extra:
        problems.extend(read_entries(source, entries, regions, country_regions))
    for (taxonomy, code), entry in list(entries.items()):
        if taxonomy == "countries" and code in country_regions:
            entries[(taxonomy, code)] = Entry(
                entry.taxonomy, entry.id, entry.name, entry.aliases, entry.kind, entry.country,
                country_regions[code], entry.origin,
            )
    return Gazetteer(entries, regions), problems
