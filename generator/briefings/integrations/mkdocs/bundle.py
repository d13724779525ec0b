"""The offline bundle: the site built with Material's offline plugin, zipped, for reading from file://.

The offline plugin turns off directory URLs and inlines the search index into a script,
so search works without a server. It would add a polyfill from unpkg.com; the theme
ships that polyfill (assets/javascripts/iframe-worker-shim.js) and we name it first, so
the bundle fetches nothing from another host.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

from briefings.incremental.files import replacing

OFFLINE_PLUGIN = "offline"
SHIM = "assets/javascripts/iframe-worker-shim.js"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # a fixed date in every entry: the same site gives the same zip


def offline_plugins(plugins: list, extra: dict) -> tuple[list, dict]:
    """Return the plugins list and `extra` of an offline build: `offline` added to the plugins, the local shim first."""
    names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    if OFFLINE_PLUGIN not in names:
        plugins = [*plugins, OFFLINE_PLUGIN]
    extra = {**extra, "polyfills": [SHIM, *[p for p in extra.get("polyfills") or [] if p != SHIM]]}
    return plugins, extra


def zip_folder(folder: Path, output: Path) -> int:
    """Write every file under folder into a zip at output (atomically); return the number of files."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with replacing(output) as handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return len(files)


def build_bundle(config, output: Path) -> int:
    """Build the site of an offline-configured MkDocs config in a temporary folder and zip it; return the file count."""
    from mkdocs.commands.build import build as mkdocs_build

    staging = Path(tempfile.mkdtemp(prefix=".briefings-bundle."))
    try:
        config.site_dir = str(staging / "site")
        mkdocs_build(config)
        return zip_folder(staging / "site", output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
