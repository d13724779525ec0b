"""Analytic standards: ICD 203 likelihood and confidence, and the Admiralty source grades."""

from __future__ import annotations

import re

# ICD 203: seven likelihood terms, each with its paired synonym and probability band.
LIKELIHOOD = (
    ("almost no chance", "remote", "1–5%"),
    ("very unlikely", "highly improbable", "5–20%"),
    ("unlikely", "improbable", "20–45%"),
    ("roughly even chance", "roughly even odds", "45–55%"),
    ("likely", "probable", "55–80%"),
    ("very likely", "highly probable", "80–95%"),
    ("almost certain", "nearly certain", "95–99%"),
)
CONFIDENCE = ("low", "moderate", "high")
CONFIDENCE_MEANING = {
    "low": "The information is scant, questionable, fragmented or from sources of doubtful reliability.",
    "moderate": "The information is credibly sourced and plausible but not corroborated enough for a higher level.",
    "high": "The judgment rests on high-quality information from multiple sources; it is not a certainty.",
}
RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    "1": "confirmed by other sources",
    "2": "probably true",
    "3": "possibly true",
    "4": "doubtful",
    "5": "improbable",
    "6": "truth cannot be judged",
}
GRADE = re.compile(r"[A-F][1-6]")

_TERMS = {term: primary for primary, synonym, _ in LIKELIHOOD for term in (primary, synonym)}
_BANDS = {primary: band for primary, _, band in LIKELIHOOD}
_LIKELIHOOD_WORDS = re.compile(
    r"\b(?:"
    + "|".join(sorted((re.escape(t) for t in _TERMS), key=len, reverse=True))
    + r"|probably|almost certainly|unlikely)\b",
    re.IGNORECASE,
)
_CONFIDENCE_WORDS = re.compile(
    r"\b(?:(?:high|moderate|medium|low)[- ]confidence|(?:highly |moderately )?confident)\b", re.IGNORECASE
)


def likelihood_term(text: str) -> str | None:
    """Return the primary ICD 203 term for a likelihood word (or its synonym), or None."""
    return _TERMS.get(" ".join(text.lower().split()))


def likelihood_band(term: str) -> str:
    """Return the probability band of a primary likelihood term, e.g. '55–80%'."""
    return _BANDS[term]


def mixes_likelihood_and_confidence(text: str) -> bool:
    """Return whether a sentence states a likelihood and a confidence together (ICD 203 forbids it)."""
    return bool(_LIKELIHOOD_WORDS.search(text)) and bool(_CONFIDENCE_WORDS.search(text))


def grade_meaning(grade: str) -> str:
    """Return what an Admiralty grade such as 'B2' means."""
    return f"source {RELIABILITY[grade[0]]}, information {CREDIBILITY[grade[1]]}"


def likelihood_terms() -> tuple[str, ...]:
    """Return the seven primary likelihood terms, least to most likely."""
    return tuple(primary for primary, _, _ in LIKELIHOOD)
