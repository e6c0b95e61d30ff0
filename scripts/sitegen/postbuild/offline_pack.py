"""Make Material's `offline` plugin work with one site per language (`make offline`).

The plugin inlines only /search/search_index.json into a script and, for search
from file://, loads the iframe-worker shim from a CDN. Here the shim comes from
the pinned npm package instead, every language gets its own search_index.js, and
the pages drop their CSP <meta> (file:// pages have no origin for 'self' to match).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitegen import paths, sitedata

SHIM_URL = "assets/javascripts/iframe-worker-shim.js"  # then named by its content hash (postbuild.fingerprint)


def offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def configure(config):
    """Before the offline plugin adds its CDN copy of the shim."""
    if offline(config):
        config.extra["polyfills"] = [SHIM_URL]  # the theme's own template variable
    return config


def write(config):
    """After the search index is split per language."""
    if not offline(config):
        return
    shim = paths.node_module(paths.of_config(config), "iframe-worker", "shim", "index.js")
    if not shim.exists():
        raise PluginError(f"{shim} is missing: run `npm install` (make offline does)")
    site = Path(config.site_dir)
    (site / SHIM_URL).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(shim, site / SHIM_URL)
    languages = sitedata.i18n_languages(config)
    for lang in languages:
        folder = site / "search" if lang == languages[0] else site / lang / "search"
        index = folder / "search_index.json"
        if index.exists():
            (folder / "search_index.js").write_text("var __index = " + index.read_text(encoding="utf-8"),
                                                     encoding="utf-8")
