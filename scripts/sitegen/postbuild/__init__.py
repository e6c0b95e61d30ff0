"""What happens after every language's pages are written, in this order (sitegen.plugin runs it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sitegen import sitedata
from sitegen.postbuild import (css_purge, fingerprint, js_minify, languages, offline_pack, redirects, robots,
                               theme_patches)


@dataclass
class State:
    """What the page events leave for the steps: each language's finished 404 page."""

    not_found: dict[str, str] = field(default_factory=dict)


def write_not_found(config, state: State) -> None:
    """Each language's 404 page where it is served: /404.html, /<lang>/404.html."""
    data = sitedata.site_data(config)
    for lang, text in state.not_found.items():
        target = Path(config.site_dir) / data.prefix(lang) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


# (what it does, the function). A function takes the configuration, or the configuration
# and the state when it needs what the page events left.
STEPS = [
    ("404 page per language", write_not_found),
    ("redirect stubs of the default language", redirects.move_default_stubs),
    ("search index per language", languages.split_search_index),
    ("offline pack's search indexes and worker shim", offline_pack.write),
    ("theme patches", theme_patches.apply),
    ("theme CSS no page uses, dropped", css_purge.purge),
    ("scripts minified", js_minify.minify_all),
    ("robots.txt naming the sitemap", robots.write),
    ("assets we own or changed renamed by their content hash, and the pages pointed at them", fingerprint.apply),
]


def run(config, state: State) -> None:
    for _name, step in STEPS:
        step(config, state) if step is write_not_found else step(config)
