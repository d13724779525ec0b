"""Seed text made safe to place in Markdown, YAML front matter and JSON: data, never markup."""

from __future__ import annotations

import json
import re

import yaml

ALWAYS = re.compile(r"([\\`*_{}\[\]|])")
LINE_START = re.compile(r"^(\s*)([#+!-]|\d+[.)])", re.MULTILINE)
HEADING = re.compile(r"^(#{1,5})(?=\s)", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)


def escape_html(text: str) -> str:
    """Return text with &, < and > as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_text(text: str) -> str:
    """Return plain seed text as Markdown that renders exactly as written and can do nothing else."""
    text = "\n".join(line.strip() for line in escape_html(text).split("\n"))
    text = ALWAYS.sub(r"\\\1", text)
    return LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if m.group(2)[0] in "#+!-" else m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def escape_url(url: str) -> str:
    """Return an http(s) URL with the characters that would end a Markdown link percent-encoded."""
    return (
        url.replace("\\", "%5C").replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        .replace("<", "%3C").replace(">", "%3E").replace("`", "%60").replace("*", "%2A").replace("_", "%5F")
    )


def tame_markdown(text: str) -> str:
    """Return a Markdown seed body with raw HTML, attribute lists and first-level headings neutralised."""
    text = escape_html(text).replace("{", "\\{").replace("}", "\\}")
    return HEADING.sub(lambda m: "#" + m.group(1), text)


def front_matter(data: dict) -> str:
    """Return a YAML front matter block that parses back to `data`."""
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)
    return f"---\n{body}---\n"


def dump_json(data) -> str:
    """Return JSON text with <, > and & escaped, so it cannot become markup where it is embedded."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
