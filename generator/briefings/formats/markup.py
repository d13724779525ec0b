"""Seed text made safe to place in Markdown, YAML front matter and JSON: data, never markup."""

from __future__ import annotations

import functools
import json
from json.encoder import encode_basestring
import posixpath
import re

import yaml

ALWAYS = re.compile(r"([\\`*_{}\[\]|])")
LINE_START = re.compile(r"^(\s*)([#+!-]|\d+[.)])", re.MULTILINE)
HEADING = re.compile(r"^(#{1,5})(?=\s)", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)


def escape_html(text: str) -> str:
    """Return text with &, < and > as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@functools.lru_cache(maxsize=32768)  # titles and bottom lines are escaped again on every listing they are in
def escape_text(text: str) -> str:
    """Return plain seed text as Markdown that renders exactly as written and can do nothing else."""
    text = "\n".join(line.strip() for line in escape_html(text).split("\n"))
    text = ALWAYS.sub(r"\\\1", text)
    return LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if m.group(2)[0] in "#+!-" else m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


@functools.lru_cache(maxsize=65536)  # pages in one folder link to the same targets
def link_from(folder: str, target: str) -> str:
    """Return the relative link from a folder to a file, both relative to content/ (posixpath.relpath without its getcwd calls)."""
    if ".." in folder or ".." in target or folder.startswith("/") or target.startswith("/"):
        return posixpath.relpath(target, folder or ".")
    start = [p for p in folder.split("/") if p and p != "."]
    parts = [p for p in target.split("/") if p and p != "."]
    common = 0
    while common < min(len(start), len(parts)) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."


def escape_url(url: str) -> str:
    """Return an http(s) URL with the characters that would end a Markdown link percent-encoded."""
    return (
        url.replace("\\", "%5C").replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        .replace("<", "%3C").replace(">", "%3E").replace("`", "%60").replace("*", "%2A").replace("_", "%5F")
    )


CODE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<body>.*?)\n(?P=fence)[ \t]*$"  # a fenced block
    r"|(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)",  # a code span
    re.DOTALL | re.MULTILINE,
)
SAFE_LINK = re.compile(r"\[([^\[\]\n]*)\]\(\s*((?:https?://|mailto:)[^()\s<>]*)\s*\)", re.IGNORECASE)


def escape_brackets(text: str) -> str:
    """Return text whose brackets, braces and bangs cannot form links, images or attribute lists."""
    return ALWAYS_PROSE.sub(r"\\\1", text)


ALWAYS_PROSE = re.compile(r"([{}\[\]!])")


def tame_prose(text: str) -> str:
    """Return Markdown prose with raw HTML, attribute lists and images made text; only http(s)/mailto links stay."""
    text = escape_html(text)
    pieces = []
    last = 0
    for match in SAFE_LINK.finditer(text):
        pieces.append(escape_brackets(text[last : match.start()]))
        pieces.append(f"[{escape_brackets(match.group(1))}]({match.group(2)})")
        last = match.end()
    pieces.append(escape_brackets(text[last:]))
    return HEADING.sub(lambda m: "#" + m.group(1), "".join(pieces))


def tame_markdown(text: str) -> str:
    """Return a Markdown seed body that keeps its formatting but can do nothing else.

    Raw HTML and attribute lists become text, images become text (the site never
    fetches another host), links keep only http, https and mailto targets, headings
    move one level down, and fenced code becomes indented code, which every Markdown
    escapes, whatever extensions the site enables.
    """
    out = []
    last = 0
    for match in CODE.finditer(text):
        out.append(tame_prose(text[last : match.start()]))
        if match.group("fence"):
            body = match.group("body").split("\n")
            out.append("\n\n" + "\n".join("    " + line for line in body) + "\n\n")
        else:
            out.append(match.group(0))
        last = match.end()
    out.append(tame_prose(text[last:]))
    return "".join(out)


FAST_DUMPER = getattr(yaml, "CSafeDumper", None)  # libyaml: the same text ten times faster, except as below
LIBYAML_DIFFERS = re.compile(r"[\x80-\x9f\U00010000-\U0010ffff]")  # C1 controls and astral characters: libyaml escapes them


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
# What YAML reads unchanged inside a double-quoted scalar (printable, not a line break, not a BOM); anything else is written as an escape.
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
    return NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF else f"\\U{ord(m.group()):08x}", quoted)


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
                    out.append(f"{indent}- {first[0][len(indent) + 2:]}")
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


LINE_BREAKS = re.compile("[\x85\u2028\u2029]")  # breaks PyYAML writes raw in single quotes, where they read back as spaces


class QuotingDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing strings that hold a Unicode line break double-quoted (escaped)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if LINE_BREAKS.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


QuotingDumper.add_representer(str, _represent_str)


def pyyaml_front_matter(data: dict) -> str:
    """Return a YAML front matter block that parses back to `data`, written by PyYAML."""
    dumper = QuotingDumper if FAST_DUMPER is None or needs_python_dumper(data) else FAST_DUMPER
    body = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)
    return f"---\n{body}---\n"


def dump_json(data) -> str:
    """Return JSON text with <, > and & escaped, so it cannot become markup where it is embedded.

    The text is json.dumps(data, ensure_ascii=False, indent=2); with indent, the json module
    writes in pure Python, so the plain dicts, lists and strings the generator emits are written
    here instead, several times quicker (the same bytes: tested against json.dumps)."""
    try:
        text = _indented(data, "")
    except TypeError:
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _indented(value, pad: str, string=encode_basestring) -> str:
    """Return value as json.dumps(..., ensure_ascii=False, indent=2) writes it at indentation `pad`;
    raise TypeError for anything but dicts with string keys, lists, tuples, strings, numbers,
    booleans and None (json.dumps then writes, converts or refuses it)."""
    kind = type(value)
    if kind is str:
        return string(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = pad + "  "
        items = []
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError("not a plain key")
            items.append(f"{inner}{string(key)}: {_indented(item, inner)}")
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[\n" + ",\n".join([inner + _indented(item, inner) for item in value]) + f"\n{pad}]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int or kind is float:
        return json.dumps(value)
    raise TypeError("not plain JSON")  # subclasses and other types: json.dumps decides


def json_string(text: str) -> str:
    """Return one JSON string exactly as dump_json writes it."""
    return encode_basestring(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
