"""Drop the theme CSS that no page uses (PurgeCSS, pinned in package.json).

The theme ships one stylesheet for every feature it has; these pages use a small
part of it, and on a cheap phone the rest costs a download and a parse on every
first visit. After every page is built, PurgeCSS keeps the rules whose selectors
appear in the built HTML or in the theme's and the site's JavaScript (which adds
classes at run time: search results, open drawers, the "copied" state).

It runs once every language's pages are written, and always from the stylesheets'
pristine copies in the theme, never from an earlier result. Its output is cached
under the hash of everything it reads (sitegen.tool_cache).
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitegen import paths, tool_cache

STYLESHEETS = ("main.*.min.css", "palette.*.min.css", "site.css")
COMMENT = re.compile(r"/\*.*?\*/", re.S)  # our own stylesheet's comments are for its editors, not readers
# What the theme's JavaScript adds at run time, read from its bundle: the classes of
# the elements it creates (`class:"…"`), the classes it switches on and off, and the
# data attributes it sets. They are given to PurgeCSS as one more piece of content.
JS_CLASSES = re.compile(r'class:"([^"]+)"|classList\.(?:add|toggle|remove)\("([^"]+)"')
JS_ATTRIBUTES = re.compile(r"data-md-[a-z-]*[a-z]")
# The elements it creates: JSX-style calls `x("article", …)`, createElement("h3"), and markup
# in strings such as the search worker's `<mark>` around matched words.
JS_TAGS = re.compile(r'\b[A-Za-z_$][\w$]?\("([a-z][a-z0-9]*)",|createElement\("([a-z][a-z0-9]*)"\)|<([a-z][a-z0-9]*)>')


# Runtime classes of theme features this site does not switch on: their rules are dead weight.
# Each is listed with what switches it on; a feature named here and enabled keeps its classes.
FEATURE_CLASSES = {
    "content.code.annotate": ("md-annotation",),
    "content.tooltips": ("md-tooltip",),
    "content.code.copy": ("md-code__",),
    "tags": ("md-tag",),
    "version": ("md-version",),
    "repo_url": ("md-source__",),
}


# Read markup as markup: tags, classes, ids and attributes, not every word of the text
# (PurgeCSS's default would keep `.note` rules because a page says "note").
EXTRACTOR = r"""content => {
  const all = (re, group) => [...content.matchAll(re)].map(m => m[group]);
  const values = all(/\s[\w:-]+="([^"]*)"/g, 1);
  return {
    tags: all(/<([a-zA-Z][\w-]*)/g, 1).map(t => t.toLowerCase()),
    classes: all(/\sclass="([^"]*)"/g, 1).flatMap(c => c.split(/\s+/)).filter(Boolean),
    ids: all(/\sid="([^"]*)"/g, 1),
    attributes: {names: all(/\s([\w:-]+)(?==|[\s>\/])/g, 1), values: values.flatMap(v => [v, ...v.split(/\s+/)])},
    undetermined: [],
  };
}"""


def disabled_prefixes(config) -> tuple[str, ...]:
    enabled = set(config.theme.get("features") or []) | set(config.plugins) | {
        key for key in ("repo_url",) if config.get(key)} | ({"version"} if config.extra.get("version") else set())
    return tuple(prefix for feature, prefixes in FEATURE_CLASSES.items() if feature not in enabled
                 for prefix in prefixes)


def runtime_markup(script_text: str, skip: tuple[str, ...] = ()) -> str:
    """An HTML snippet carrying every element, class and data attribute the theme's scripts can add."""
    classes = sorted({c for m in JS_CLASSES.finditer(script_text) for c in (m[1] or m[2]).split()
                      if not c.startswith(skip)})
    attributes = sorted(set(JS_ATTRIBUTES.findall(script_text)))
    tags = sorted({next(g for g in m.groups() if g) for m in JS_TAGS.finditer(script_text)})
    return (f'<div class="{" ".join(classes)}" {" ".join(attributes)}></div>'
            + "".join(f"<{tag}></{tag}>" for tag in tags))


def theme_file(config, built: Path) -> Path:
    """The pristine copy of a built theme stylesheet, from the theme's own folders."""
    rel = built.relative_to(Path(config.site_dir))
    for folder in config.theme.dirs:
        candidate = Path(folder) / rel
        if candidate.exists():
            return candidate
    raise PluginError(f"css_purge: {rel} is not in the theme; the theme changed, re-check STYLESHEETS")


def purge(config):
    """When every language's pages exist, before the scripts are minified (it reads them)."""
    purgecss = paths.node_tool(paths.of_config(config), "purgecss")
    if not purgecss.exists():
        raise PluginError(f"{purgecss} is missing: run `npm install` (every make target that builds does)")
    site = Path(config.site_dir)
    sheets = [p for pattern in STYLESHEETS for p in sorted((site / "assets" / "stylesheets").glob(pattern))]
    if len(sheets) != len(STYLESHEETS):
        raise PluginError(f"css_purge: expected {STYLESHEETS} in the built site, found {[p.name for p in sheets]}")
    scripts = [sorted((site / "assets" / "javascripts").glob(p)) for p in ("bundle.*.min.js", "workers/search.*.min.js")]
    if any(len(found) != 1 for found in scripts):
        raise PluginError(f"css_purge: expected the theme's bundle and search worker, found {scripts}")
    script_text = "".join(found[0].read_text(encoding="utf-8") for found in scripts)
    originals = {sheet.name: theme_file(config, sheet).read_bytes() for sheet in sheets}
    pages = sorted(site.rglob("*.html"))
    # Everything PurgeCSS reads: the tool, the stylesheets, every page and the theme's scripts.
    parts = [paths.node_module(paths.of_config(config), "purgecss", "package.json").read_bytes(), EXTRACTOR,
             script_text, *disabled_prefixes(config), *originals.values(),
             *(part for page in pages for part in (page.relative_to(site).as_posix(), page.read_bytes()))]
    purged = tool_cache.cached("purgecss", parts, lambda: run_purgecss(purgecss, site, originals, script_text, config))
    for sheet in sheets:
        sheet.write_bytes(purged[sheet.name])


def run_purgecss(purgecss: Path, site: Path, originals: dict[str, bytes], script_text: str, config) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="purgecss-") as tmp:
        work = Path(tmp)
        for name, data in originals.items():
            (work / name).write_bytes(data)
        options = {
            "css": [str(work / name) for name in originals],
            "content": [f"{site}/**/*.html",
                        {"raw": runtime_markup(script_text, disabled_prefixes(config)),
                         "extension": "html"}],
            "output": str(work / "out"),
            # Custom properties, keyframes and fonts no kept rule uses go too (the theme's
            # unused icons are large inline SVGs in custom properties).
            "variables": True, "keyframes": True, "fontFace": True,
        }
        config_js = f"module.exports = Object.assign({json.dumps(options)}, {{defaultExtractor: {EXTRACTOR}}});\n"
        (work / "purgecss.config.cjs").write_text(config_js, encoding="utf-8")
        (work / "out").mkdir()
        result = subprocess.run([str(purgecss), "--config", str(work / "purgecss.config.cjs")],
                                capture_output=True, text=True, cwd=tmp)
        if result.returncode != 0:
            raise PluginError(f"css_purge: purgecss failed: {result.stderr.strip()[-500:]}")
        out = {}
        for name in originals:
            text = (work / "out" / name).read_text(encoding="utf-8")
            out[name] = re.sub(r"\n\s*\n", "\n", COMMENT.sub("", text)).encode("utf-8")
        return out
