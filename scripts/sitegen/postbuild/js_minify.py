"""Minify the site's script and the theme's patched bundle (terser, pinned in package.json).

The site's source in sitegen/theme/assets/javascripts/ (and a campaign's overrides) stays readable, with its comments;
readers on metered phone plans get the compact copy. The theme's bundle is already
minified, but a second, more thorough pass (two compress passes) saves about 7% of
its compressed size, the largest single download of a page. The browser tests run on
the minified files, so a pass that broke the theme would fail them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitegen import paths, tool_cache

OWN = "assets/javascripts"  # the site's own scripts: every .js there in the generator's theme and the campaign's overrides
MARK = "/*! minified by sitegen */"  # never minify a file twice


def minify(terser: Path, source: Path, target: Path, passes: int = 1) -> None:
    args = [str(terser), "--compress", f"passes={passes}", "--mangle", "--ecma", "2020", "--comments", "false"]
    text = source.read_text(encoding="utf-8")

    def run() -> dict[str, bytes]:
        result = subprocess.run(args, input=text, capture_output=True, text=True)
        if result.returncode != 0:
            raise PluginError(f"js_minify: terser failed on {source.name}: {result.stderr.strip()[-500:]}")
        return {"out.js": result.stdout.encode("utf-8")}

    version = paths.node_module(terser.parents[2], "terser", "package.json").read_bytes()
    out = tool_cache.cached("terser", [version, " ".join(args[1:]), text], run)["out.js"].decode("utf-8")
    target.write_text(f"{MARK}\n{out}", encoding="utf-8")


def own_scripts(config) -> list[Path]:
    """The readable source of every script of ours, as the theme search path finds it (a campaign's copy first)."""
    folders = [paths.THEME, *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])]
    names = sorted({p.name for folder in folders for p in (folder / OWN).glob("*.js")})
    return [paths.theme_file(config, f"{OWN}/{name}") for name in names]


def minify_all(config):
    """After css_purge, which reads the theme's bundle for the classes it adds."""
    terser = paths.node_tool(paths.of_config(config), "terser")
    if not terser.exists():
        raise PluginError(f"{terser} is missing: run `npm install` (every make target that builds does)")
    scripts = Path(config.site_dir) / "assets" / "javascripts"
    for own in own_scripts(config):  # always from the readable source
        minify(terser, own, scripts / own.name)
    for bundle in scripts.glob("bundle.*.min.js"):
        if not bundle.read_text(encoding="utf-8").startswith(MARK):
            minify(terser, bundle, bundle, passes=2)
            bundle.with_name(bundle.name + ".map").unlink(missing_ok=True)  # it maps the theme's own build
