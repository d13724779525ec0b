"""Text hygiene of plain-text seeds: invisible characters, lists, tables, long paragraphs, titles."""

from briefings.model import Seed, SourceText
from briefings.parse import parse_article
from briefings.readers.text import LONG_PARAGRAPH, clean_text, split_long_paragraph
from briefings.taxonomies import DEFAULT_TAXONOMIES


def parse(text):
    body = SourceText("seeds/a.txt", "a.txt", text, "0")
    article, problems = parse_article(Seed("a", body, None), tuple(t.id for t in DEFAULT_TAXONOMIES))
    assert not problems
    return article


def test_no_break_spaces_become_spaces_and_invisible_characters_go():
    article = parse(
        "May 3, 2022\nNorms\u00a0in\u202fSpace\n\nAnti\u00adsatellite tests\u200b are\u2060 banned\ufeff.\n"
    )
    assert article.title.value == "Norms in Space"
    assert article.blocks[0].text == "Antisatellite tests are banned."


def test_clean_text_keeps_ordinary_characters():
    assert clean_text("José Moïse – “quoted” <b>") == "José Moïse – “quoted” <b>"


def test_title_is_line_two_with_whitespace_collapsed_only():
    article = parse("May 3, 2022\n  Reports:  'Streamlined' UK asylum   process \n\nText here.\n")
    assert article.title.value == "Reports: 'Streamlined' UK asylum process"


def test_bullets_become_items_nested_by_indent():
    article = parse("May 3, 2022\nT\n\nIntro.\n\n• First\n  • Nested\n    continued\n• Second\n")
    kinds = [(b.kind, b.text, b.depth) for b in article.blocks]
    assert kinds == [
        ("paragraph", "Intro.", 0),
        ("item", "First", 0),
        ("item", "Nested continued", 1),
        ("item", "Second", 0),
    ]


def test_pipe_rows_become_a_table():
    article = parse("May 3, 2022\nT\n\nName | Value\nA | 1\n")
    assert [(b.kind, b.text) for b in article.blocks] == [("table", "Name | Value"), ("table", "A | 1")]


def test_a_paragraph_without_breaks_is_split_at_sentence_boundaries():
    sentences = [f"Sentence number {n} says something about the U.S. and its allies in some detail." for n in range(40)]
    text = " ".join(sentences)
    assert len(text) > LONG_PARAGRAPH
    parts = split_long_paragraph(text)
    assert len(parts) > 3
    assert " ".join(parts) == text
    assert all(part.endswith(".") for part in parts)
    assert all(len(part) < 800 for part in parts)
    article = parse(f"May 3, 2022\nT\n\n{text}\n")
    assert [b.text for b in article.blocks] == parts
    assert {b.line for b in article.blocks} == {4}


def test_a_normal_paragraph_is_left_alone():
    text = "One sentence. Two sentences. " * 10
    assert split_long_paragraph(text.strip()) == [text.strip()]


def test_hash_lines_become_headings_and_angle_lines_block_quotes():
    article = parse(
        "May 3, 2022\nT\n\n## Summary\n\nThe report finds gaps.\n\n### Issues for Congress\n\n"
        "> Congress may wish to act,\n> the report says.\n\n#### A # in it\n\n#hashtag is text\n\n## "
        "two\nlines is text\n"
    )
    assert [(b.kind, b.text, b.depth) for b in article.blocks] == [
        ("heading", "Summary", 2),
        ("paragraph", "The report finds gaps.", 0),
        ("heading", "Issues for Congress", 3),
        ("quote", "Congress may wish to act, the report says.", 0),
        ("heading", "A # in it", 4),
        ("paragraph", "#hashtag is text", 0),
        ("paragraph", "## two lines is text", 0),
    ]


def test_headings_and_quotes_render_under_the_article_heading_escaped():
    from briefings.model import Block
    from briefings.pages.briefing import render_blocks

    blocks = (
        Block("heading", "Summary *now*", 3, 2),
        Block("quote", "<b>Act</b>, he said.", 5),
        Block("heading", "Deep", 7, 4),
    )
    assert render_blocks(blocks) == "### Summary \\*now\\*\n\n> &lt;b&gt;Act&lt;/b&gt;, he said.\n\n##### Deep"
