"""The automatic bottom line, key points and caveats of an article."""

from __future__ import annotations

import functools
import re

from briefings.extract.sentences import split_sentences
from briefings.model import Block

DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:\([^)]*\))?\s*[—–-]{1,2}\s*")
BOILERPLATE = re.compile(
    r"^(?:The (?:following|below) (?:statement |text |readout )?(?:is|"
    r"are|was) (?:attributable|being released|released|issued)|"
    r"Below is the text|Begin text|\(Washington|Office of the Spokesperson|The following is the text|"
    r"SUBJECT:|MEMORANDUM FOR|(?:Figure|Table|Source|Sources|Notes?)\s*[0-9]*[.:]|"
    r"(?:Thank you|Good (?:morning|afternoon|evening))\b|It[’']s (?:a|"
    r"an) (?:real |great |distinct )?(?:pleasure|honou?r)|"
    r"I(?:[’']m| am) (?:pleased|delighted|honou?red) to be)",
    re.IGNORECASE,
)
# Courtesies that open speeches and statements: never a bottom line or a key point.
PLEASANTRY = re.compile(
    r"^(?:And |So |Well, |But )?(?:I[’']m |I am |We[’']re |We are |"
    r"I |We )?(?:also |especially |really |so |very |truly )*"
    r"(?:(?:want|would like|wish) to (?:begin by )?thank|thank|"
    r"thanks|grateful|delighted|pleased to (?:be|see|join|welcome)|"
    r"honou?red to|have to say|good (?:morning|afternoon|evening)|"
    r"it[’']s (?:a|an) (?:real |great |distinct )?(?:pleasure|honou?r))\b",
    re.IGNORECASE,
)
# Prose ends a sentence: a paragraph without this ending is a heading, a caption or a cut-off line.
PROSE_END = re.compile(r"[.!?][\"”’)\]]*$")
# Sentences that hedge or attribute doubt. "Reportedly" alone attributes without doubting,
# and CRS reports use it on every line, so it is not a caveat by itself.
HEDGES = re.compile(
    r"\b(?:caution(?:s|ed)? (?:against|that)|"
    r"could not (?:be )?(?:independently )?(?:confirm|confirmed|verify|verified)|"
    r"(?:has|have) not been (?:independently )?(?:confirmed|verified)|"
    r"unconfirmed|unverified|may (?:have )?be(?:en)? exaggerated|"
    r"remains? (?:unclear|uncertain|to be seen)|it is (?:unclear|"
    r"uncertain|not (?:yet )?(?:clear|known))|not (?:yet )?clear|"
    r"allegedly|alleged|according to (?:unverified|unconfirmed|unnamed)|(?:is|was|are|were|remains) disputed|"
    r"sceptic(?:al|ism)?|skeptic(?:al|ism)?|cannot be ruled out|no evidence|(?:were|was) unable to (?:verify|confirm)|"
    r"declined to comment|inconsistent with|(?:could|may) not be accurate|open to question)\b",
    re.IGNORECASE,
)


# Folding case for case-sensitive matching with lowercase ASCII patterns. With these four letters
# replaced, str.lower() maps every character to one character, keeps whether it is a word
# character, and maps a character to an ASCII letter exactly when re.IGNORECASE matches it with
# that letter (tests/test_summary.py checks all of Unicode). So a lowercase ASCII pattern finds, in fold_case(text),
# what the same pattern with IGNORECASE finds in the text, at the same places, several times faster.
IGNORECASE_SPECIALS = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))
HEDGES_FOLDED = re.compile(HEDGES.pattern)


def fold_case(text: str) -> str:
    """Return text lowercased, one character for one, for lowercase ASCII patterns (see IGNORECASE_SPECIALS)."""
    if not text.isascii():
        for special, letter in IGNORECASE_SPECIALS:
            if special in text:
                text = text.replace(special, letter)
    return text.lower()


_LAST_PROSE: list = [
    None,
    (),
]  # the blocks prose() was last called with (kept alive, so never another's id), and its result


def prose(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    """Return the text of the paragraphs that read as prose (not tables, not one-line headings).

    The bottom line, key points and caveats of one article each ask in turn: the last answer is kept."""
    if _LAST_PROSE[0] is blocks:
        return _LAST_PROSE[1]
    texts = []
    for block in blocks:
        if block.kind not in ("paragraph", "markdown", "item"):
            continue
        candidates = markdown_paragraphs(block.text) if block.kind == "markdown" else [block.text]
        for text in candidates:
            if (
                len(text.split()) >= 8
                and not BOILERPLATE.match(text)
                and not PLEASANTRY.match(text)
                and PROSE_END.search(text)
                and not text[0].islower()
            ):
                texts.append(text)
    _LAST_PROSE[:] = [blocks, tuple(texts)]
    return _LAST_PROSE[1]


def markdown_paragraphs(text: str) -> list[str]:
    """Return the prose paragraphs of a Markdown body as plain text (no code, headings, tables or markup)."""
    text = re.sub(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", "", text, flags=re.DOTALL | re.MULTILINE)
    paragraphs = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        if not chunk.strip() or chunk.startswith(("    ", "\t")):
            continue
        chunk = chunk.strip()
        if chunk.startswith(("#", "|", "<", "{:", ">", "!!!")):
            continue
        chunk = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", chunk, flags=re.MULTILINE)
        chunk = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", chunk)
        chunk = re.sub(r"[*_`]+|\{:[^}]*\}", "", chunk)
        paragraphs.append(" ".join(chunk.split()))
    return [p for p in paragraphs if p]


@functools.lru_cache(maxsize=256)
def sentences_of(paragraph: str) -> tuple[str, ...]:
    """Return the sentences of a prose paragraph: the bottom line, key points and caveats each ask for them."""
    return tuple(split_sentences(paragraph))


def strip_dateline(sentence: str) -> str:
    """Return the sentence without a leading news dateline ("WASHINGTON — ")."""
    return DATELINE.sub("", sentence, count=1)


def bottom_line(blocks: tuple[Block, ...], max_chars: int = 320) -> str:
    """Return a 1–2 sentence bottom line from the lead of the article."""
    paragraphs = prose(blocks)
    if not paragraphs:
        texts = [
            text
            for b in blocks
            if b.kind != "table"
            for text in (markdown_paragraphs(b.text) if b.kind == "markdown" else [b.text])
        ]
        return texts[0][:max_chars] if texts else ""
    sentences = [strip_dateline(s) for s in sentences_of(paragraphs[0])]
    summary = sentences[0]
    if len(sentences) > 1 and len(summary) + len(sentences[1]) < max_chars and len(summary) < 120:
        summary = f"{summary} {sentences[1]}"
    return summary


def key_points(blocks: tuple[Block, ...], summary: str, limit: int = 5, least: int = 3) -> tuple[str, ...]:
    """Return 3–5 key points in article order: the first sentence of each paragraph after the bottom line,
    then, where that gives fewer than `least`, the next sentences of the paragraphs in order."""
    candidates = []  # (paragraph, sentence, text)
    for p_index, text in enumerate(prose(blocks)):
        for s_index, sentence in enumerate(sentences_of(text)):
            sentence = strip_dateline(sentence) if s_index == 0 else sentence
            if sentence and sentence not in summary and len(sentence) <= 400 and not PLEASANTRY.match(sentence):
                candidates.append((p_index, s_index, sentence))
    unique = list({c[2]: c for c in reversed(candidates)}.values())[::-1]  # first occurrence of each
    chosen = [c for c in unique if c[1] == 0][:limit]
    if len(chosen) < least:
        chosen += [c for c in unique if c[1] > 0][: least - len(chosen)]
    return tuple(text for _, _, text in sorted(chosen))


def caveats(blocks: tuple[Block, ...], limit: int = 5) -> tuple[str, ...]:
    """Return the sentences that hedge or attribute doubt, in article order."""
    found = []
    for text in prose(blocks):
        if not HEDGES_FOLDED.search(fold_case(text)):  # no sentence of a paragraph without a hedge has one
            continue
        for sentence in sentences_of(text):
            if HEDGES_FOLDED.search(fold_case(sentence)) and sentence not in found:
                found.append(sentence)
                if len(found) == limit:
                    return tuple(found)
    return tuple(found)


def word_count(blocks: tuple[Block, ...]) -> int:
    """Return the number of words in the article."""
    return sum(len(block.text.split()) for block in blocks)
