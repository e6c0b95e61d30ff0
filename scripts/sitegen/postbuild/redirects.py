"""Put mkdocs-redirects' stubs for the default language where that language is served.

Redirects are declared per language with source paths (`zh/lessons/old.md`,
`en/lessons/old.md`). The plugin writes them under `site/<lang>/`, but the default
language is served from `/`, so its stubs move from `site/zh/` to `site/`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitegen import sitedata


def move_default_stubs(config):
    """After mkdocs-redirects has written every language's stubs."""
    site = Path(config.site_dir)
    stubs = site / sitedata.i18n_languages(config)[0]
    if not stubs.is_dir():
        return
    for stub in sorted(stubs.rglob("index.html")):
        target = site / stub.relative_to(stubs)
        if target.exists():
            raise PluginError(f"redirect from {stub.relative_to(site).parent}/ would replace a published page")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(stub, target)
    shutil.rmtree(stubs)
