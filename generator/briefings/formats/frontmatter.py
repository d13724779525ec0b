"""YAML front matter that parses back to the data it was made from, written quickly."""

from __future__ import annotations

import functools
import json
import re

import yaml

FAST_DUMPER = getattr(yaml, "CSafeDumper", None)  # libyaml: the same text ten times faster, except as below
LIBYAML_DIFFERS = re.compile(
    r"[\x80-\x9f\U00010000-\U0010ffff]"
)  # C1 controls and astral characters: libyaml escapes them


def needs_python_dumper(data) -> bool:
    """Return whether any string in the data would be written differently by libyaml than by PyYAML."""
    if isinstance(data, str):
        return LIBYAML_DIFFERS.search(data) is not None
    if isinstance(data, dict):
        return any(needs_python_dumper(k) or needs_python_dumper(v) for k, v in data.items())
    if isinstance(data, (list, tuple)):
        return any(needs_python_dumper(v) for v in data)
    return False


PLAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 ._/-]*[A-Za-z0-9._/-])?")  # text YAML reads back as this very text...
RESOLVER = yaml.resolver.Resolver()  # ...unless it resolves to a number, a date, a boolean or null: then it is quoted
# What YAML reads unchanged inside a double-quoted scalar (printable, not a line break, not a BOM); anything else
# is written as an escape.
NOT_PRINTABLE = re.compile("[^\x09\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


class NotSimple(Exception):
    """Data the quick writer does not handle (it falls back to PyYAML)."""


def yaml_scalar(value) -> str:
    """Return a scalar in YAML: plain where that reads back as the same text, else double-quoted."""
    if type(value) is str:
        return yaml_string(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    raise NotSimple(type(value).__name__)


@functools.lru_cache(maxsize=65536)  # facet names, dates and handling repeat on every page
def yaml_string(value: str) -> str:
    """Return a string in YAML: plain where that reads back as the same text, else double-quoted."""
    if PLAIN.fullmatch(value) and RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str":
        return value
    quoted = json.dumps(value, ensure_ascii=False)  # JSON's escapes are YAML's too
    return NOT_PRINTABLE.sub(
        lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF else f"\\U{ord(m.group()):08x}", quoted
    )


def yaml_lines(data: dict, indent: str, out: list[str]) -> None:
    """Append the block-style YAML lines of a mapping (lists of scalars are indentless, as PyYAML writes them)."""
    for key, value in data.items():
        if type(key) is not str or yaml_scalar(key) != key:
            raise NotSimple(repr(key))
        if type(value) is dict and value:
            out.append(f"{indent}{key}:")
            yaml_lines(value, indent + "  ", out)
        elif type(value) in (list, tuple) and value:
            out.append(f"{indent}{key}:")
            for item in value:
                if type(item) is dict and item:
                    first: list[str] = []
                    yaml_lines(item, indent + "  ", first)
                    out.append(f"{indent}- {first[0][len(indent) + 2 :]}")
                    out.extend(first[1:])
                elif type(item) is dict:
                    out.append(f"{indent}- {{}}")
                elif type(item) in (list, tuple):
                    raise NotSimple("a list in a list")
                else:
                    out.append(f"{indent}- {yaml_scalar(item)}")
        elif type(value) is dict:
            out.append(f"{indent}{key}: {{}}")
        elif type(value) in (list, tuple):
            out.append(f"{indent}{key}: []")
        else:
            out.append(f"{indent}{key}: {yaml_scalar(value)}")


def front_matter(data: dict) -> str:
    """Return a YAML front matter block that parses back to `data`.

    Mappings, lists and plain values are written directly (the generator writes thousands of
    pages; PyYAML's Python representer was a fifth of the render stage); anything else goes
    through PyYAML.
    """
    lines: list[str] = []
    try:
        yaml_lines(data, "", lines)
    except NotSimple:
        return pyyaml_front_matter(data)
    return "---\n" + "\n".join(lines) + "\n---\n"


LINE_BREAKS = re.compile(
    "[\x85\u2028\u2029]"
)  # breaks PyYAML writes raw in single quotes, where they read back as spaces


class QuotingDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing strings that hold a Unicode line break double-quoted (escaped)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if LINE_BREAKS.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


QuotingDumper.add_representer(str, _represent_str)


def pyyaml_front_matter(data: dict) -> str:
    """Return a YAML front matter block that parses back to `data`, written by PyYAML."""
    dumper = QuotingDumper if FAST_DUMPER is None or needs_python_dumper(data) else FAST_DUMPER
    body = yaml.dump(
        data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False
    )
    return f"---\n{body}---\n"
