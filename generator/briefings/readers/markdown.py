"""The Markdown seed (`NAME.md`): YAML front matter, then a Markdown body, titled by a first-level heading on top."""

from __future__ import annotations

from briefings.errors import Problem
from briefings.formats.yamlread import load_yaml
from briefings.model import Block, Located, Origin, SourceText
from briefings.readers import Reader, Reading
from briefings.readers.text import clean_text


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter or None, body, line number where the body starts)."""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip() in ("---", "..."):
                return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None, text, 1


def read_markdown_seed(body: SourceText) -> Reading:
    """Return the front matter, the title (from a first-level heading) and the body of a .md seed."""
    front, rest, start = split_front_matter(clean_text(body.text))
    problems = []
    root = None
    if front is None:
        if body.text.startswith("---"):
            problems.append(Problem(body.path, 1, "front matter is not closed by a line '---'"))
    else:
        root, found = load_yaml(front, body.path, first_line=2)
        problems.extend(found)
    title = None
    lines = rest.split("\n")
    for offset, line in enumerate(lines):
        if line.strip():
            if line.startswith("# "):
                title = Located(" ".join(line[2:].split()), Origin(body.path, start + offset, given=False))
                lines = lines[offset + 1 :]
                start += offset + 1
            break
    markdown = "\n".join(lines).strip("\n")
    if not markdown.strip():
        problems.append(Problem(body.path, 0, "no article text"))
        return Reading(title, None, (), root, tuple(problems))
    return Reading(title, None, (Block("markdown", markdown, start),), root, tuple(problems))


READER = Reader("markdown", (".md",), False, read_markdown_seed)
