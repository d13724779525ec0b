"""The `briefings` plugin's options as MkDocs reads them, made from the one table in briefings.settings,
and the project a command works on: mkdocs.yml loaded with what the command line overrides."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from briefings.model import Settings
from briefings.settings import OPTIONS, Option, settings_from

PLUGIN = "briefings"


def config_option(option: Option) -> c.BaseConfigOption:
    """Return the MkDocs config option that reads one of the plugin's options (settings_from checks the values)."""
    kind = option.types[0]
    if type(None) in option.types and option.default is None:
        return c.Optional(c.Type(kind))
    return c.Type(kind, default=option.default)


BriefingsConfig = type(
    "BriefingsConfig",
    (base.Config,),
    {
        "__doc__": "The `briefings` options in mkdocs.yml, relative to it (from briefings.settings.OPTIONS).",
        **{option.name: config_option(option) for option in OPTIONS},
    },
)


def settings_of(config, options) -> Settings:
    """Return the Settings of a loaded MkDocs config and the plugin's options (raise SettingsError)."""
    root = Path(config.config_file_path or ".").resolve().parent
    return settings_from(dict(options), config_dir=root, site_name=config.site_name, site_url=config.site_url or "")


@dataclass(frozen=True, slots=True)
class Request:
    """What one command asks of the project: its mkdocs.yml, and the seeds folder, site folder and strictness
    the command line gives instead of mkdocs.yml's (None: as mkdocs.yml says)."""

    config_file: Path = Path("mkdocs.yml")
    seeds: Path | None = None
    site_dir: Path | None = None
    strict: bool = False


class ProjectError(Exception):
    """mkdocs.yml cannot be read or does not use the plugin; the message says why."""


def overrides(request: Request, offline: bool = False) -> dict[str, Any]:
    """Return what MkDocs' load_config takes besides mkdocs.yml for this request: the plugins list with the
    seeds folder replaced, strict mode, and for the offline bundle Material's `offline` plugin and the local shim."""
    changes: dict[str, Any] = {}
    if request.strict:
        changes["strict"] = True
    if request.seeds is None and not offline:
        return changes
    from mkdocs.utils.yaml import yaml_load

    with open(request.config_file, "rb") as handle:
        raw = yaml_load(handle) or {}
    plugins = list(raw.get("plugins") or ["search"])
    if request.seeds is not None:
        plugins = [with_seeds(entry, request.seeds) for entry in plugins]
    if offline:
        from briefings.integrations.mkdocs.bundle import offline_plugins

        plugins, changes["extra"] = offline_plugins(plugins, dict(raw.get("extra") or {}))
    changes["plugins"] = plugins
    return changes


def with_seeds(entry, seeds: Path):
    """Return a plugins-list entry with the briefings plugin's seeds option set to `seeds`."""
    if entry == PLUGIN:
        return {PLUGIN: {"seeds": str(seeds)}}
    if isinstance(entry, dict) and PLUGIN in entry:
        return {PLUGIN: {**(entry[PLUGIN] or {}), "seeds": str(seeds)}}
    return entry


def load_project(request: Request, offline: bool = False):
    """Return the MkDocs config of the request and its briefings plugin (raise ProjectError)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        config = load_config(str(request.config_file), **overrides(request, offline))
    except (ConfigurationError, OSError) as exc:
        raise ProjectError(f"{request.config_file}: {exc}") from None
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise ProjectError(f"{request.config_file}: the '{PLUGIN}' plugin is not listed under plugins")
    return config, plugin
