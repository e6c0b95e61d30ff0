"""One targeted change to the theme's JavaScript, guarded so a theme update cannot slip past it.

For every `<link rel="alternate" hreflang>` in the head, Material fetches
`sitemap.xml` next to the alternate's URL, to make its language selector
contextual. mkdocs-static-i18n already writes page-level alternates and
contextual selector links, so those fetches only produce 404s (/lessons/x/sitemap.xml)
and console errors on every page. The selector is narrowed to match nothing.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

SELECTOR = 'M("link[rel=alternate]")'
PATCHED = 'M("link[rel=alternate][data-md-sitemap]")'


def on_post_build(config):
    bundles = sorted((Path(config.site_dir) / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(f"theme_patches: expected one theme bundle, found {[b.name for b in bundles]}")
    text = bundles[0].read_text(encoding="utf-8")
    if PATCHED in text:
        return
    if text.count(SELECTOR) != 1:
        raise PluginError(f"theme_patches: {SELECTOR} not found once in {bundles[0].name}; "
                          "the theme changed, re-check the alternate-sitemap lookup")
    bundles[0].write_text(text.replace(SELECTOR, PATCHED), encoding="utf-8")
