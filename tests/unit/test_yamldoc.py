"""The safe YAML reader: lines, duplicates, tags, tabs, aliases."""

import datetime as dt

import pytest

from briefings.formats.yamlread import load_yaml


def messages(text):
    node, problems = load_yaml(text, "m.yml")
    return [str(p) for p in problems]


def test_values_keep_their_lines_and_yaml_types():
    node, problems = load_yaml("a: 1\nb:\n  - x\n  - 2023-01-02\nc: no\n", "m.yml")
    assert problems == []
    assert node.value["a"].line == 1
    assert [(i.value, i.line) for i in node.value["b"].value] == [("x", 3), (dt.date(2023, 1, 2), 4)]
    assert node.value["c"].value is False


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: 1\na: 2\n", "m.yml:2: duplicate key 'a' (first at line 1)"),
        ("a:\n\t- b\n", "m.yml:2: tab used for indentation; YAML needs spaces"),
        (
            "a: [1, 2\n",
            "m.yml:2: invalid YAML: while parsing a flow sequence expected ',' or ']', but got '<stream end>'",
        ),
        (
            "a: !!python/object/apply:os.system ['true']\n",
            "m.yml:1: YAML tag !!python/object/apply:os.system is not allowed",
        ),
        ("a: !!python/name:os.system\n", "m.yml:1: YAML tag !!python/name:os.system is not allowed"),
        ("a: !custom x\n", "m.yml:1: YAML tag !custom is not allowed"),
        ("base: &b {x: 1}\nc:\n  <<: *b\n", "m.yml:3: YAML merge keys (<<) are not allowed"),
        ("? [a, b]\n: 1\n", "m.yml:1: keys must be text, got a list"),
        ("1: x\n", "m.yml:1: keys must be text, got 1"),
    ],
)
def test_refusals_point_at_the_line(text, expected):
    assert messages(text) == [expected]


def test_alias_bombs_are_refused():
    rows = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for name, prev in zip("bcdefg", "abcdef", strict=False):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    assert messages("\n".join(rows) + "\n") == ["m.yml:1: YAML document expands to more than 100,000 values"]


def test_empty_document_is_none():
    assert load_yaml("", "m.yml") == (None, [])
    assert load_yaml("# only a comment\n", "m.yml") == (None, [])
