"""Minify the site's script and the theme's patched bundle (terser, pinned in package.json).

The site's source in overrides/assets/javascripts/ stays readable, with its comments;
readers on metered phone plans get the compact copy. The theme's bundle is already
minified, but a second, more thorough pass (two compress passes) saves about 7% of
its compressed size, the largest single download of a page. The browser tests run on
the minified files, so a pass that broke the theme would fail them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
TERSER = ROOT / "node_modules" / ".bin" / "terser"
OWN = ["site.js", "loan-cost.js"]  # the site's own scripts, in overrides/assets/javascripts/
MARK = "/*! minified by hooks/js_minify.py */"  # the i18n plugin runs this hook once per language


def minify(source: Path, target: Path, passes: int = 1) -> None:
    result = subprocess.run([str(TERSER), str(source), "--compress", f"passes={passes}", "--mangle",
                             "--ecma", "2020", "--comments", "false"], capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"js_minify: terser failed on {source.name}: {result.stderr.strip()[-500:]}")
    target.write_text(f"{MARK}\n{result.stdout}", encoding="utf-8")


@event_priority(-450)  # after css_purge, which reads the theme's bundle for the classes it adds
def on_post_build(config):
    if not TERSER.exists():
        raise PluginError(f"{TERSER} is missing: run `npm install` (every make target that builds does)")
    scripts = Path(config.site_dir) / "assets" / "javascripts"
    for name in OWN:  # always from the readable source
        own = next((Path(d) / "assets/javascripts" / name for d in config.theme.dirs
                    if (Path(d) / "assets/javascripts" / name).exists()), None)
        if own is None:
            raise PluginError(f"js_minify: assets/javascripts/{name} is not in the theme folders")
        minify(own, scripts / name)
    for bundle in scripts.glob("bundle.*.min.js"):
        if not bundle.read_text(encoding="utf-8").startswith(MARK):
            minify(bundle, bundle, passes=2)
            bundle.with_name(bundle.name + ".map").unlink(missing_ok=True)  # it maps the theme's own build
