"""URL slugs made from titles and names."""

from __future__ import annotations

import re
import unicodedata


def slugify(value: str, limit: int = 80) -> str:
    """Return a URL slug: ASCII lowercase words joined by hyphens, cut at a word boundary."""
    value = value.replace("'", "").replace("’", "")
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or "briefing"
