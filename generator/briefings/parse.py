"""Stage 2: seed text and YAML -> Article, every problem collected with its file and line.

The seed's own format is read by its reader (briefings.readers); this stage adds the metadata,
from the file's front matter or the NAME.yml beside it, coerced field by field."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from typing import Any

from briefings.errors import Problem
from briefings.extract.dates import DateError, parse_iso_date
from briefings.formats.yamlread import Node, contains_invalid, load_yaml
from briefings.model import (
    HANDLING,
    INTAKE_KINDS,
    Article,
    Intake,
    Judgment,
    Located,
    Metadata,
    Origin,
    Seed,
    SourceRef,
    SourceText,
    Topic,
)
from briefings.readers import reader_for
from briefings.readers.text import MAX_TITLE
from briefings.standards import CONFIDENCE, GRADE, likelihood_term, likelihood_terms, mixes_likelihood_and_confidence

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
LANG_RE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")  # a BCP 47 tag: fr, pt-BR, zh-Hant-TW


class FieldProblem(Exception):
    """A metadata value of the wrong form; str(e) is the message, `line` where it is (if not the key's)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


# --- coercers: one small named function per kind of field ---------------------


def describe(value: Any) -> str:
    """Return how a YAML value reads to a person, with the YAML 1.1 trap it may have fallen into."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads unquoted yes/no/on/off as true/false; quote it)"
    if isinstance(value, (int, float)):
        return f"the number {value!r} (YAML reads 012 as 10 and 1.10 as 1.1; quote it)"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()} (quote it to keep it text)"
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def coerce_text(node: Node, key: str) -> str:
    """Return a non-empty one-paragraph string."""
    if not isinstance(node.value, str):
        raise FieldProblem(f"'{key}' must be text, got {describe(node.value)}")
    text = " ".join(node.value.split())
    if not text:
        raise FieldProblem(f"'{key}' is empty")
    return text


def coerce_title(node: Node, key: str) -> str:
    """Return a title of at most MAX_TITLE characters."""
    text = coerce_text(node, key)
    if len(text) > MAX_TITLE:
        raise FieldProblem(f"'{key}' is {len(text):,} characters; at most {MAX_TITLE} are allowed")
    return text


def coerce_date(node: Node, key: str) -> dt.date:
    """Return a date from an unquoted YAML date or a YYYY-MM-DD string."""
    value = node.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_iso_date(value.strip())
        except DateError as exc:
            raise FieldProblem(f"'{key}': {exc}") from None
    raise FieldProblem(f"'{key}' must be YYYY-MM-DD, got {describe(value)}")


MOMENT_FORM = "YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with a zone (Z or +HH:MM)"


def coerce_moment(node: Node, key: str) -> dt.date:
    """Return a date, or an aware datetime where a time is given (with its zone, as the source gave it)."""
    value = node.value
    if isinstance(value, str) and not ISO_DAY.fullmatch(value.strip()):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise FieldProblem(f"'{key}' must be {MOMENT_FORM}, got {value!r}") from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise FieldProblem(
                f"'{key}' gives a time without a zone; add Z or an offset such as +01:00, or give the date alone"
            )
        return value
    if isinstance(value, (dt.date, str)):
        return coerce_date(node, key)
    raise FieldProblem(f"'{key}' must be {MOMENT_FORM}, got {describe(value)}")


def coerce_lang(node: Node, key: str) -> str:
    """Return a BCP 47 language tag in its usual case: fr, en-GB, zh-Hant-TW."""
    value = node.value
    if not isinstance(value, str) or not LANG_RE.fullmatch(value.strip()):
        shown = repr(value) if isinstance(value, str) else describe(value)
        raise FieldProblem(f"'{key}' must be a language tag such as en, fr or pt-BR, got {shown}")
    first, *rest = value.strip().split("-")
    cased = [part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower() for part in rest]
    return "-".join((first.lower(), *cased))


def coerce_intake_kind(node: Node, key: str) -> str:
    """Return what a seed was added from: one of INTAKE_KINDS."""
    value = node.value
    if not isinstance(value, str) or value.strip() not in INTAKE_KINDS:
        raise FieldProblem(f"'{key}' must be one of {', '.join(INTAKE_KINDS)}, got {describe(value)}")
    return value.strip()


def coerce_slug(node: Node, key: str) -> str:
    """Return a slug: lowercase letters, digits and single hyphens."""
    value = node.value
    if not isinstance(value, str) or not SLUG_RE.fullmatch(value) or len(value) > 100:
        shown = value if isinstance(value, str) else describe(value)
        raise FieldProblem(f"'{key}' must be lowercase letters, digits and hyphens (at most 100), got {shown!r}")
    return value


def coerce_text_list(node: Node, key: str) -> tuple[str, ...]:
    """Return a list of non-empty strings."""
    if not isinstance(node.value, list):
        raise FieldProblem(f"'{key}' must be a list, got {describe(node.value)}")
    return tuple(coerce_item(item, f"{key}[{i}]") for i, item in enumerate(node.value))


def coerce_item(node: Node, key: str) -> str:
    """Return one list item as text; a problem points at the item's own line."""
    try:
        return coerce_text(node, key)
    except FieldProblem as exc:
        raise FieldProblem(str(exc), node.line) from None


def coerce_term_list(node: Node, key: str, path: str) -> tuple[Located[str], ...]:
    """Return a list of term names, each with its line."""
    if not isinstance(node.value, list):
        raise FieldProblem(f"'{key}' must be a list, got {describe(node.value)}")
    return tuple(
        Located(coerce_item(item, f"{key}[{i}]"), Origin(path, item.line)) for i, item in enumerate(node.value)
    )


def coerce_handling(node: Node, key: str) -> str:
    """Return a TLP 2.0 marking."""
    value = node.value
    if isinstance(value, str):
        marking = value.strip().upper()
        if marking in HANDLING:
            return marking
        if marking == "TLP:WHITE":
            raise FieldProblem(f"'{key}': TLP:WHITE is TLP 1.0; TLP 2.0 calls it TLP:CLEAR")
    raise FieldProblem(f"'{key}' must be one of {', '.join(HANDLING)}, got {describe(value)}")


def coerce_bool(node: Node, key: str) -> bool:
    """Return true or false."""
    if not isinstance(node.value, bool):
        raise FieldProblem(f"'{key}' must be true or false, got {describe(node.value)}")
    return node.value


def coerce_url(node: Node, key: str) -> str:
    """Return an http(s) URL."""
    text = coerce_text(node, key)
    if not re.match(r"https?://[^\s/]+", text, re.IGNORECASE) or any(c in text for c in "<>\"' "):
        raise FieldProblem(f"'{key}' must be an http:// or https:// URL, got {text!r}")
    return text


def coerce_grade(node: Node, key: str) -> str:
    """Return an Admiralty grade: source reliability A–F and information credibility 1–6."""
    value = node.value
    if isinstance(value, str) and GRADE.fullmatch(value.strip().upper()):
        return value.strip().upper()
    raise FieldProblem(
        f"'{key}' must be an Admiralty grade, reliability A–F then credibility 1–6 (e.g. B2), got {describe(value)}"
    )


def coerce_likelihood(node: Node, key: str) -> str:
    """Return one of the seven ICD 203 likelihood terms (a synonym gives its primary term)."""
    term = likelihood_term(node.value) if isinstance(node.value, str) else None
    if term is None:
        raise FieldProblem(
            f"'{key}' must be an ICD 203 likelihood term ({', '.join(likelihood_terms())}), got {describe(node.value)}"
        )
    return term


def coerce_confidence(node: Node, key: str) -> str:
    """Return low, moderate or high."""
    value = node.value.strip().lower() if isinstance(node.value, str) else None
    if value not in CONFIDENCE:
        raise FieldProblem(f"'{key}' must be low, moderate or high, got {describe(node.value)}")
    return value


SOURCE_FIELDS: dict[str, Callable[[Node, str], Any]] = {
    "name": coerce_text,
    "url": coerce_url,
    "author": coerce_text,
    "published": coerce_moment,
    "retrieved": coerce_moment,
    "grade": coerce_grade,
}
ADDED_FIELDS: dict[str, Callable[[Node, str], Any]] = {  # the YAML keys, and Intake's fields below
    "at": coerce_moment,
    "from": coerce_text,
    "as": coerce_intake_kind,
}
ADDED_NAMES = {"at": "at", "from": "origin", "as": "kind"}
JUDGMENT_FIELDS: dict[str, Callable[[Node, str], Any]] = {
    "text": coerce_text,
    "likelihood": coerce_likelihood,
    "confidence": coerce_confidence,
    "basis": coerce_text,
}

TEXT_FIELDS: dict[str, Callable[[Node, str], Any]] = {
    "title": coerce_title,
    "date": coerce_date,
    "updated": coerce_date,
    "slug": coerce_slug,
    "summary": coerce_text,
    "key_points": coerce_text_list,
    "handling": coerce_handling,
    "draft": coerce_bool,
    "tags": coerce_text_list,
    "supersedes": coerce_slug,
    "changes": coerce_text,
    "lang": coerce_lang,
}
STRUCTURED_FIELDS = ("source", "sources", "assessment", "added")


def metadata_fields(taxonomies: tuple[str, ...]) -> tuple[str, ...]:
    """Return every key metadata may have: the text fields, one per taxonomy, and the structured ones."""
    return (*TEXT_FIELDS, *taxonomies, *STRUCTURED_FIELDS)


def unknown_key(key: str, known) -> str:
    """Return the message for an unknown key, suggesting the nearest known one."""
    near = difflib.get_close_matches(key, list(known), n=1)
    hint = f"; did you mean '{near[0]}'?" if near else f"; known keys: {', '.join(sorted(known))}"
    return f"unknown key '{key}'{hint}"


def parse_mapping(node: Node, path: str, label: str, fields: dict) -> tuple[dict | None, list[Problem]]:
    """Return a mapping's values coerced by its field table, or None with its problems."""
    if not isinstance(node.value, dict):
        return None, [Problem(path, node.line, f"'{label}' must be a mapping, got {describe(node.value)}")]
    values: dict[str, Any] = {}
    problems = []
    for key, child in node.value.items():
        coercer = fields.get(key)
        if coercer is None:
            problems.append(Problem(path, child.line, f"{label}: {unknown_key(key, fields)}"))
            continue
        try:
            values[key] = coercer(child, f"{label}.{key}")
        except FieldProblem as exc:
            problems.append(Problem(path, exc.line or child.line, str(exc)))
    return (None if problems else values), problems


def parse_source(node: Node, path: str, label: str = "source") -> tuple[SourceRef | None, list[Problem]]:
    """Return a source mapping as a SourceRef."""
    values, problems = parse_mapping(node, path, label, SOURCE_FIELDS)
    return (None if values is None else SourceRef(**values)), problems


def parse_added(node: Node, path: str) -> tuple[Intake | None, list[Problem]]:
    """Return how `briefings add` made the seed: at, from and as, all required."""
    values, problems = parse_mapping(node, path, "added", ADDED_FIELDS)
    if values is None:
        return None, problems
    missing = [key for key in ADDED_FIELDS if key not in values]
    if missing:
        return None, [Problem(path, node.line, f"added: missing {', '.join(missing)}; it needs at, from and as")]
    return Intake(**{ADDED_NAMES[key]: value for key, value in values.items()}), []


def parse_judgment(node: Node, path: str, label: str) -> tuple[Judgment | None, list[Problem]]:
    """Return one key judgment: text, ICD 203 likelihood, confidence and basis, all required."""
    values, problems = parse_mapping(node, path, label, JUDGMENT_FIELDS)
    if values is None:
        return None, problems
    missing = [key for key in JUDGMENT_FIELDS if key not in values]
    if missing:
        return None, [
            Problem(
                path,
                node.line,
                f"{label}: missing {', '.join(missing)}; a judgment needs text, likelihood, confidence and basis",
            )
        ]
    if mixes_likelihood_and_confidence(values["text"]):
        return None, [
            Problem(
                path,
                node.value["text"].line,
                f"{label}.text states a likelihood and a confidence in one sentence; ICD 203 keeps them apart: "
                "put them in 'likelihood' and 'confidence'",
            )
        ]
    return Judgment(**values), []


def parse_list_of(node: Node, path: str, key: str, parse_item) -> tuple[tuple | None, list[Problem]]:
    """Return a list of mappings, each parsed by parse_item and located at its line."""
    if not isinstance(node.value, list):
        return None, [Problem(path, node.line, f"'{key}' must be a list, got {describe(node.value)}")]
    items, problems = [], []
    for i, item in enumerate(node.value):
        value, found = parse_item(item, path, f"{key}[{i}]")
        problems.extend(found)
        if value is not None:
            items.append(Located(value, Origin(path, item.line)))
    return (None if problems else tuple(items)), problems


def parse_metadata(root: Node | None, path: str, taxonomies: tuple[str, ...]) -> tuple[Metadata, list[Problem]]:
    """Return the metadata a person gave, with a problem for every bad or unknown key; `taxonomies` are
    the ids of the kinds of terms (each a key of its own)."""
    if root is None:
        return Metadata(), []
    if not isinstance(root.value, dict):
        return Metadata(), [
            Problem(path, root.line, f"metadata must be a mapping of keys to values, got {describe(root.value)}")
        ]
    fields: dict[str, Any] = {}
    terms: list[tuple[str, tuple[Located[str], ...]]] = []
    problems: list[Problem] = []
    for key, node in root.value.items():
        if contains_invalid(node):  # already reported by the YAML reader
            continue
        try:
            if key in TEXT_FIELDS:
                fields[key] = Located(TEXT_FIELDS[key](node, key), Origin(path, node.line))
            elif key in taxonomies:
                terms.append((key, coerce_term_list(node, key, path)))
            elif key in ("source", "added"):
                value, found = parse_source(node, path) if key == "source" else parse_added(node, path)
                problems.extend(found)
                if value is not None:
                    fields[key] = Located(value, Origin(path, node.line))
            elif key in ("sources", "assessment"):
                items, found = parse_list_of(node, path, key, parse_source if key == "sources" else parse_judgment)
                problems.extend(found)
                if items is not None:
                    fields[key] = items
            else:
                problems.append(Problem(path, node.line, unknown_key(key, metadata_fields(taxonomies))))
        except FieldProblem as exc:
            problems.append(Problem(path, exc.line or node.line, str(exc)))
    return Metadata(**fields, terms=tuple(terms)), problems


# --- the article ----------------------------------------------------------


def parse_article(seed: Seed, taxonomies: tuple[str, ...]) -> tuple[Article | None, list[Problem]]:
    """Return the Article of one seed, or None with the problems that stop it; `taxonomies` are the ids
    of the kinds of terms metadata may give."""
    body = seed.body
    assert body is not None
    reader = reader_for(body.rel)
    if reader is None:  # sources lists only files a reader takes
        return None, [Problem(body.path, 0, "no reader for this kind of file")]
    reading = reader.read(body)
    problems: list[Problem] = list(reading.problems)
    root, meta_path = reading.front_matter, body.path
    if reader.metadata_file and seed.meta is not None:
        meta_path = seed.meta.path
        root, found = load_yaml(seed.meta.text, meta_path)
        problems.extend(found)
    meta, found = parse_metadata(root, meta_path, taxonomies)
    problems.extend(found)
    title, date_line, blocks = reading.title, reading.printed_date, reading.blocks
    if meta.title is None and title is None and not problems:
        if date_line is not None:
            problems.append(
                Problem(body.path, 2, "no title: line 2 is blank; give the title on line 2 or 'title' in metadata")
            )
        else:
            problems.append(Problem(body.path, 0, "no title: give line 2 of the article or 'title' in metadata"))
    if any(not p.warning for p in problems):
        return None, problems
    return Article(body.rel, body.path, body.sha256, title, date_line, blocks, meta), problems


# --- the topic vocabulary ----------------------------------------------------


def parse_vocabulary(source: SourceText | None) -> tuple[tuple[Topic, ...], list[Problem]]:
    """Return the controlled topic vocabulary from taxonomy.yml."""
    if source is None:
        return (), []
    root, problems = load_yaml(source.text, source.path)
    if root is None:
        return (), problems
    if not isinstance(root.value, dict) or set(root.value) - {"topics"}:
        return (), [Problem(source.path, root.line, "expected a mapping with one key, 'topics': a list of topics")]
    items = root.value.get("topics")
    if items is None or not isinstance(items.value, list):
        return (), [Problem(source.path, root.line, "'topics' must be a list of topics")]
    topics: dict[str, Topic] = {}
    for item in items.value:
        if not isinstance(item.value, dict):
            problems.append(
                Problem(source.path, item.line, "each topic must be a mapping with id, title, description, keywords")
            )
            continue
        fields = item.value
        for key in fields:
            if key not in ("id", "title", "description", "keywords"):
                problems.append(
                    Problem(source.path, fields[key].line, unknown_key(key, ("id", "title", "description", "keywords")))
                )
        try:
            topic_id = coerce_slug(fields["id"], "id") if "id" in fields else None
            if topic_id is None:
                raise FieldProblem("topic without an 'id'")
            title = coerce_text(fields["title"], "title") if "title" in fields else topic_id
            description = coerce_text(fields["description"], "description") if "description" in fields else ""
            keywords = coerce_text_list(fields["keywords"], "keywords") if "keywords" in fields else ()
        except FieldProblem as exc:
            problems.append(Problem(source.path, item.line, str(exc)))
            continue
        if topic_id in topics:
            problems.append(
                Problem(
                    source.path,
                    item.line,
                    f"duplicate topic id '{topic_id}' (first at line {topics[topic_id].origin.line})",
                )
            )
            continue
        topics[topic_id] = Topic(topic_id, title, description, keywords, Origin(source.path, item.line))
    return tuple(topics.values()), problems
