"""Rendering the analysis around an article: key judgments, supersession, the standards page."""

from __future__ import annotations

from briefings.formats.escape import escape_text
from briefings.model import Briefing
from briefings.standards import (
    CONFIDENCE,
    CONFIDENCE_MEANING,
    CREDIBILITY,
    LIKELIHOOD,
    RELIABILITY,
    likelihood_band,
)

STANDARDS_PATH = "standards/index.md"


def render_judgments(briefing: Briefing, standards_link: str) -> str:
    """Return the Key judgments section, each with its probability band and confidence; '' if none."""
    if not briefing.judgments:
        return ""
    items = []
    for judgment in briefing.judgments:
        band = likelihood_band(judgment.likelihood)
        items.append(
            f"- **{judgment.likelihood.capitalize()} ({band})** · {judgment.confidence} confidence  \n"
            f"  {escape_text(judgment.text)}  \n"
            f"  *Basis:* {escape_text(judgment.basis)}"
        )
    return (
        "## Key judgments\n\n" + "\n".join(items) + "\n\n"
        f"Likelihood and confidence follow ICD 203: [what the terms mean]({standards_link}).\n"
    )


def render_supersession(briefing: Briefing, by_slug: dict[str, Briefing], link_to) -> str:
    """Return the banners: superseded by the newest briefing, and what changed since the previous one."""
    parts = []
    newest = by_slug.get(briefing.superseded_by) if briefing.superseded_by else None
    if newest is not None:
        parts.append(
            '!!! warning "Superseded"\n\n'
            f"    This briefing has been superseded by [{escape_text(newest.title)}]({link_to(newest)}) "
            f"of {newest.date.isoformat()}.\n"
        )
    previous = by_slug.get(briefing.supersedes) if briefing.supersedes else None
    if previous is not None:
        changes = f"{escape_text(briefing.changes)} " if briefing.changes else ""
        parts.append(
            '!!! info "What changed"\n\n'
            f"    {changes}This briefing supersedes [{escape_text(previous.title)}]({link_to(previous)}) "
            f"of {previous.date.isoformat()}.\n"
        )
    return "\n".join(parts)


def render_standards() -> str:
    """Return the page that explains the likelihood, confidence and source-grade scales."""
    likelihood_rows = "\n".join(
        f"| {primary.capitalize()} | {synonym} | {band} |" for primary, synonym, band in LIKELIHOOD
    )
    confidence_rows = "\n".join(f"| {level.capitalize()} | {CONFIDENCE_MEANING[level]} |" for level in CONFIDENCE)
    reliability_rows = "\n".join(f"| {code} | {meaning.capitalize()} |" for code, meaning in RELIABILITY.items())
    credibility_rows = "\n".join(f"| {code} | {meaning.capitalize()} |" for code, meaning in CREDIBILITY.items())
    return (
        "---\nsearch:\n  exclude: true\n---\n"
        "# Analytic standards\n\n"
        "Key judgments on this site state a **likelihood** and a **confidence** separately, as "
        "Intelligence Community Directive 203 asks: the likelihood says how probable an outcome is, "
        "the confidence says how good the evidence and reasoning behind that estimate are. The two are "
        "never combined in one sentence.\n\n"
        "## Likelihood\n\n| Term | Also written | Probability |\n|---|---|---|\n" + likelihood_rows + "\n\n"
        "## Confidence\n\n| Level | Meaning |\n|---|---|\n" + confidence_rows + "\n\n"
        "## Source grades\n\nSources are graded with the Admiralty code: a letter for the reliability "
        "of the source and a digit for the credibility of the information, e.g. **B2**: a usually "
        "reliable source, information probably true.\n\n"
        "| Reliability | Meaning |\n|---|---|\n" + reliability_rows + "\n\n"
        "| Credibility | Meaning |\n|---|---|\n" + credibility_rows + "\n"
    )
