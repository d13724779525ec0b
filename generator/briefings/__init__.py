"""Briefings: turn seed articles into a searchable briefing site built with MkDocs."""

__version__ = "0.1.0"
