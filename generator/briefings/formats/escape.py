"""Seed text made safe where it lands: Markdown, HTML and URLs. Seed text is data, never markup."""

from __future__ import annotations

import functools
import re

ALWAYS = re.compile(r"([\\`*_{}\[\]|])")
LINE_START = re.compile(r"^(\s*)([#+!-]|\d+[.)])", re.MULTILINE)
HEADING = re.compile(r"^(#{1,5})(?=\s)", re.MULTILINE)


def escape_html(text: str) -> str:
    """Return text with &, < and > as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@functools.lru_cache(maxsize=32768)  # titles and bottom lines are escaped again on every listing they are in
def escape_text(text: str) -> str:
    """Return plain seed text as Markdown that renders exactly as written and can do nothing else."""
    text = "\n".join(line.strip() for line in escape_html(text).split("\n"))
    text = ALWAYS.sub(r"\\\1", text)
    return LINE_START.sub(
        lambda m: (
            m.group(1) + "\\" + m.group(2)
            if m.group(2)[0] in "#+!-"
            else m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1]
        ),
        text,
    )


def escape_url(url: str) -> str:
    """Return an http(s) URL with the characters that would end a Markdown link percent-encoded."""
    return (
        url.replace("\\", "%5C")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace(" ", "%20")
        .replace("<", "%3C")
        .replace(">", "%3E")
        .replace("`", "%60")
        .replace("*", "%2A")
        .replace("_", "%5F")
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
