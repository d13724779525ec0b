"""The one place settings are made: the options a site owner can set, their defaults and checks, and today.

`settings_from` turns a mapping of options (the `briefings` plugin's options in mkdocs.yml, or a
test's dict) into the frozen Settings every stage reads. The MkDocs plugin, the command line, the
benchmarks and the tests all call it, so a default or a check is written once.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefings.incremental.parallel import default_jobs
from briefings.model import Settings, Taxonomy
from briefings.taxonomies import TaxonomyError, read_taxonomies

PART_PAGES = 3000  # the most briefing pages one Pagefind run indexes by default: about 0.65 GB of its memory


@dataclass(frozen=True, slots=True)
class Option:
    """One option of the `briefings` plugin: its name, default, the Python types it may take, and what it is."""

    name: str
    default: Any
    types: tuple[type, ...]
    help: str


OPTIONS: tuple[Option, ...] = (
    Option("seeds", "seeds", (str,), "the seeds folder"),
    Option("taxonomy", "seeds/taxonomy.yml", (str, type(None)), "the topic vocabulary"),
    Option(
        "taxonomies",
        None,
        (list, type(None)),
        "the kinds of terms (default: topics, regions, countries, organisations, people, systems)",
    ),
    Option("gazetteers", [], (list,), "your own names, added to the shipped gazetteer"),
    Option("timezone", "UTC", (str,), "dates of timestamps are taken in this zone (IANA name)"),
    Option("dayfirst", None, (bool, type(None)), "read 03/04/2023 as 3 April (default: ambiguous dates are problems)"),
    Option("internal", False, (bool,), "true allows TLP:AMBER and TLP:RED (never on a public site)"),
    Option(
        "exclude",
        ["README*", "LICENSE*", "LICENCE*", "*.json", "*.jsonl", "*.csv"],
        (list,),
        "files in the seeds folder that are not seeds",
    ),
    Option("cache", True, (bool,), "keep seed results, the page ledger and MkDocs' conversions between runs"),
    Option("cache_dir", ".cache/plugin/briefings", (str,), "where (beside Material's own plugin caches)"),
    Option("jobs", 0, (int,), "processes that parse, enrich, render and convert pages; 0: one per core"),
    Option(
        "search_part_pages",
        PART_PAGES,
        (int,),
        "the most briefing pages one Pagefind run indexes (memory); 0: no limit",
    ),
)
DEFAULTS: dict[str, Any] = {option.name: option.default for option in OPTIONS}


class SettingsError(Exception):
    """The options are not valid; `problems` lists every reason, one line each."""

    def __init__(self, problems) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


def settings_from(
    options: Mapping[str, Any], *, config_dir: Path, site_name: str = "Briefings", site_url: str = ""
) -> Settings:
    """Return the Settings for a mapping of options (missing ones take their defaults); paths are relative
    to `config_dir` (the folder of mkdocs.yml). Raise SettingsError with every problem."""
    problems: list[str] = []
    unknown = sorted(set(options) - set(DEFAULTS))
    if unknown:
        problems.append(
            f"briefings: unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"known: {', '.join(DEFAULTS)}"
        )
    values = {**DEFAULTS, **{k: v for k, v in options.items() if k in DEFAULTS}}
    for option in OPTIONS:
        value = values[option.name]
        if not isinstance(value, option.types) or (isinstance(value, bool) and bool not in option.types):
            wanted = " or ".join("null" if t is type(None) else t.__name__ for t in option.types)
            problems.append(f"briefings: '{option.name}' must be {wanted}, got {value!r}")
    if problems:
        raise SettingsError(problems)
    problems.extend(check(values))
    taxonomies: tuple[Taxonomy, ...] = ()
    try:
        taxonomies = read_taxonomies(values["taxonomies"], config_dir)
    except TaxonomyError as exc:
        problems.extend(f"briefings: {problem}" for problem in exc.problems)
    if problems:
        raise SettingsError(problems)

    def path(value: str) -> Path:
        return (config_dir / value).resolve()

    own_gazetteers = tuple(file for kind in taxonomies for file in kind.gazetteer_files)
    return Settings(
        seeds_dir=path(values["seeds"]),
        taxonomy_file=path(values["taxonomy"]) if values["taxonomy"] else None,
        gazetteer_files=tuple(dict.fromkeys((*(path(g) for g in values["gazetteers"]), *own_gazetteers))),
        timezone=values["timezone"],
        dayfirst=values["dayfirst"],
        internal=values["internal"],
        site_name=site_name,
        site_url=site_url or "",
        exclude=tuple(values["exclude"]),
        cache_dir=path(values["cache_dir"]) if values["cache"] else None,
        jobs=values["jobs"] if values["jobs"] > 0 else default_jobs(),
        taxonomies=taxonomies,
        search_part_pages=values["search_part_pages"],
    )


def _known_zone(value: str) -> bool:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


CHECKS: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
    ("timezone", _known_zone, "unknown time zone {!r} (use an IANA name such as UTC or America/New_York)"),
    ("jobs", lambda n: n >= 0, "jobs must be 0 (one per core) or more, not {}"),
    ("search_part_pages", lambda n: n >= 0, "search_part_pages must be 0 (no limit) or more, not {}"),
    (
        "gazetteers",
        lambda items: all(isinstance(i, str) for i in items),
        "gazetteers must be a list of files, got {!r}",
    ),
    ("exclude", lambda items: all(isinstance(i, str) for i in items), "exclude must be a list of patterns, got {!r}"),
)


def check(values: Mapping[str, Any]) -> list[str]:
    """Return a problem for every option whose value is of the right type but not allowed."""
    return [f"briefings: {message.format(values[name])}" for name, ok, message in CHECKS if not ok(values[name])]


def today(settings: Settings, environ: Mapping[str, str] = os.environ) -> dt.date:
    """Return the date that decides which briefings are embargoed: today in the site's zone, or the date
    of SOURCE_DATE_EPOCH where it is set (reproducible builds). Raise SettingsError for a bad epoch."""
    zone = ZoneInfo(settings.timezone)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=zone).date()
        except (ValueError, OverflowError, OSError):
            shown = epoch if len(epoch) <= 40 else epoch[:40] + "…"
            raise SettingsError(
                [f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (e.g. 1702000000), got {shown!r}"]
            ) from None
    return dt.datetime.now(tz=zone).date()
