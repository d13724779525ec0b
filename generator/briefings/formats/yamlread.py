"""A safe YAML reader that keeps the line of every value and refuses what YAML should not do here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from briefings.errors import Problem

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
SAFE_SCALAR_TAGS = {"tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass(frozen=True, slots=True)
class Node:
    """A YAML value (dict of str to Node, list of Node, or a scalar) and the line it starts on."""

    value: Any
    line: int


class YamlProblem(Exception):
    """A YAML document that cannot be read; carries the line and a message."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def short_tag(tag: str) -> str:
    """Return a YAML tag as written by people (!!python/object rather than the long form)."""
    return tag.replace("tag:yaml.org,2002:", "!!")


MAX_NODES = 100_000  # aliases can expand a small file into billions of values


class Invalid:
    """The value of a scalar that could not be read (its problem is already reported)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


def contains_invalid(node: Node) -> bool:
    """Return whether a value, or anything inside it, could not be read."""
    if node.value is INVALID:
        return True
    if isinstance(node.value, dict):
        return any(contains_invalid(child) for child in node.value.values())
    if isinstance(node.value, list):
        return any(contains_invalid(child) for child in node.value)
    return False


def convert(node: yaml.Node, offset: int, constructor: SafeConstructor, budget: list[int], errors: list) -> Node:
    """Return the Node tree for a composed YAML node; raise YamlProblem for what is refused."""
    line = node.start_mark.line + 1 + offset
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlProblem(line, f"YAML document expands to more than {MAX_NODES:,} values")
    if isinstance(node, yaml.MappingNode):
        if node.tag != MAP_TAG:
            raise YamlProblem(line, f"YAML tag {short_tag(node.tag)} is not allowed")
        result: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(key_node.start_mark.line + 1 + offset, "YAML merge keys (<<) are not allowed")
            key = convert(key_node, offset, constructor, budget, errors)
            if not isinstance(key.value, str):
                shown = (
                    "a list"
                    if isinstance(key.value, list)
                    else "a mapping"
                    if isinstance(key.value, dict)
                    else repr(key.value)
                )
                raise YamlProblem(key.line, f"keys must be text, got {shown}")
            if key.value in result:
                raise YamlProblem(key.line, f"duplicate key '{key.value}' (first at line {result[key.value].line})")
            value = convert(value_node, offset, constructor, budget, errors)
            result[key.value] = Node(value.value, key.line if value.value is None else value.line)
        return Node(result, line)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != SEQ_TAG:
            raise YamlProblem(line, f"YAML tag {short_tag(node.tag)} is not allowed")
        return Node([convert(item, offset, constructor, budget, errors) for item in node.value], line)
    if node.tag not in SAFE_SCALAR_TAGS:
        raise YamlProblem(line, f"YAML tag {short_tag(node.tag)} is not allowed")
    try:
        value = constructor.construct_object(node, deep=True)
    except (ConstructorError, ValueError) as exc:
        errors.append(YamlProblem(line, f"cannot read value {node.value!r}: {exc}"))
        return Node(INVALID, line)
    return Node(value, line)


FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml, where PyYAML was built with it


def compose(text: str) -> yaml.Node | None:
    """Return the composed document: libyaml when present (fast), the pure-Python reader for the
    message when the document is invalid, so problems read the same on every machine."""
    if FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Problem]]:
    """Return the document's Node tree (None for an empty document) or the problem that stops it."""
    offset = first_line - 1
    if "\t" in text:
        for number, row in enumerate(text.split("\n"), start=first_line):
            indent = row[: len(row) - len(row.lstrip(" \t"))]
            if "\t" in indent:
                return None, [Problem(path, number, "tab used for indentation; YAML needs spaces")]
    try:
        composed = compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        reason = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return None, [Problem(path, line, f"invalid YAML: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, first_line, f"invalid YAML: {exc}")]
    if composed is None:
        return None, []
    errors: list[YamlProblem] = []
    try:
        root = convert(composed, offset, SafeConstructor(), [MAX_NODES], errors)
        return root, [Problem(path, e.line, e.message) for e in errors]
    except YamlProblem as exc:
        return None, [Problem(path, exc.line, exc.message)]
    except RecursionError:
        return None, [Problem(path, first_line, "YAML nested too deeply")]
