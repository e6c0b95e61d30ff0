"""The fingerprint step rewrites every kind of reference to a renamed asset, on a small site.

Pages name assets in `srcset`s, `style` attributes and `<style>` elements as well as in
href/src; stylesheets name fonts, images and other stylesheets with url() and @import. A
stylesheet's name must carry the hash of its bytes as written, with the new names inside,
so it is rewritten before it is hashed; stylesheets naming each other in a cycle cannot
be named so and stop the build.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import PluginError

from sitegen.postbuild import fingerprint

BASE = "/sub/"
PNG = b"\x89PNG bg"

PAGE = """<html><head><link rel="stylesheet" href="../../assets/stylesheets/site.css">
<style>.hero{background:url(../../assets/images/a.png)} .ext{background:url("https://cdn.example.com/a.png")}</style>
</head><body>
<img src="../../assets/images/a.png" srcset="../../assets/images/a.png 1x, ../../assets/images/a-2x.png 2x" alt="">
<picture><source srcset="/sub/assets/images/a.png 480w,data:image/png;base64,AA,BB 800w, https://cdn.example.com/a.png 1000w"></picture>
<div style="background: url(&quot;../../assets/images/bg.png?x=1#f&quot;)">styled</div>
<div style="background: url(data:image/png;base64,AAAA)">data</div>
<script src="../../assets/lib.js"></script>
</body></html>"""

SITE_CSS = """@import url("parts/print.css") print;
@font-face { font-family: F; src: url("../fonts/f.eot?#iefix") format("embedded-opentype"),
  url(../fonts/f.woff2) format("woff2"); }
body { background: url('/sub/assets/images/bg.png?v=2#top'); }
.logo { background: url(data:image/svg+xml;charset=utf-8,<svg%20xmlns='http://www.w3.org/2000/svg'/>); }
.ext { background: url(https://cdn.example.com/x.png); }
.far { background: url(//other.example.net/y.png); }
"""
PRINT_CSS = '@import "../theme.css";\n.p { background: url( ../../images/bg.png ) }\n'
THEME_CSS = ".t { background: url(../images/a.png) }\n"  # the theme's own file, naming an asset of ours


def write(folder: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def small_site(tmp_path: Path, assets: dict[str, str | bytes], page: str = PAGE):
    """A built site with a page and `assets`, and a theme holding lib.js and theme.css unchanged."""
    theme, custom, site = tmp_path / "theme", tmp_path / "custom", tmp_path / "site"
    write(theme, {"assets/lib.js": "lib();", "assets/stylesheets/theme.css": THEME_CSS})
    custom.mkdir(parents=True)
    write(site, {"assets/lib.js": "lib();", "assets/stylesheets/theme.css": THEME_CSS,
                 "docs/page/index.html": page, **{f"assets/{rel}": data for rel, data in assets.items()}})
    config = SimpleNamespace(site_dir=str(site), site_url="https://example.org/sub/",
                             theme=SimpleNamespace(dirs=[str(custom), str(theme)], custom_dir=str(custom)))
    return config, site


FULL = {"stylesheets/site.css": SITE_CSS, "stylesheets/parts/print.css": PRINT_CSS,
        "fonts/f.eot": b"eot", "fonts/f.woff2": b"woff2", "images/bg.png": PNG,
        "images/a.png": b"a", "images/a-2x.png": b"a2x"}


class PageRefs(HTMLParser):
    """A page's href/src, srcset URLs, and its CSS (style attributes and <style> elements)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.css: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.urls += [a[k] for k in ("href", "src") if a.get(k)]
        if a.get("srcset"):  # our candidates are separated by a comma after their descriptor
            self.urls += [c.split()[0] for c in re.split(r"(?<=\d[xw]),\s*", a["srcset"])]
        if a.get("style"):
            self.css.append(a["style"])
        self._style = tag == "style"

    def handle_data(self, data):
        if self._style:
            self.css.append(data)

    def handle_endtag(self, tag):
        self._style = False


CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""")


def css_urls(text: str) -> list[str]:
    return [m[2] if m[2] is not None else m[4] for m in CSS_URL.finditer(text)]


def local_target(url: str, from_rel: str) -> str | None:
    """The site-relative file `url` names from `from_rel` (None: another host, data:, a fragment alone)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):
        assert parts.path.startswith(BASE), url
        return posixpath.normpath(parts.path[len(BASE):])
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), parts.path))


def all_references(site: Path) -> list[tuple[str, str]]:
    """(file, url) for every URL in the page and in the stylesheets under assets/."""
    parser = PageRefs()
    parser.feed((site / "docs/page/index.html").read_text(encoding="utf-8"))
    refs = [("docs/page/index.html", url) for url in parser.urls]
    refs += [("docs/page/index.html", url) for css in parser.css for url in css_urls(css)]
    for css in sorted((site / "assets").rglob("*.css")):
        rel = css.relative_to(site).as_posix()
        refs += [(rel, url) for url in css_urls(css.read_text(encoding="utf-8"))]
    return refs


def renamed(site: Path, rel: str) -> str:
    """The one file that `rel` became (its folder, its stem, our hash)."""
    folder, name = posixpath.split(rel)
    stem, ext = name[:-len(fingerprint.extension(name))], fingerprint.extension(name)
    found = [p for p in (site / folder).iterdir() if re.fullmatch(rf"{re.escape(stem)}\.[0-9a-f]{{10}}{re.escape(ext)}",
                                                                     p.name)]
    assert len(found) == 1, (rel, found)
    return found[0].name


@pytest.mark.unit
def test_srcset_style_and_stylesheet_references_are_rewritten_and_hashes_cover_them(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config, site = small_site(tmp_path, FULL)
    fingerprint.apply(config)

    refs = all_references(site)
    local = [(rel, url, local_target(url, rel)) for rel, url in refs if local_target(url, rel)]
    assert len(local) == 15, local  # 8 in the page (3 in srcsets), 4 in site.css, 2 in print.css, 1 in theme.css
    for rel, url, target in local:
        assert (site / target).is_file(), f"{rel}: {url} names {target}, which does not exist"

    # Every file named by a hash carries the hash of its final bytes, the stylesheets with the new names inside.
    hashed = [p for p in (site / "assets").rglob("*") if fingerprint.HASHED.search(p.name)]
    assert len(hashed) == 8, sorted(p.name for p in hashed)  # all but lib.js, the theme's own unchanged
    for path in hashed:
        assert fingerprint.HASHED.search(path.name)[1] == hashlib.sha256(path.read_bytes()).hexdigest()[:10], path
    assert sorted(p.name for p in (site / "assets").iterdir() if p.is_file()) == ["lib.js"]

    bg, a, a2 = (renamed(site, f"assets/images/{n}") for n in ("bg.png", "a.png", "a-2x.png"))
    eot, woff2 = renamed(site, "assets/fonts/f.eot"), renamed(site, "assets/fonts/f.woff2")
    site_css, print_css, theme_css = (
        (site / posixpath.dirname(rel) / renamed(site, rel)).read_text(encoding="utf-8")
        for rel in ("assets/stylesheets/site.css", "assets/stylesheets/parts/print.css", "assets/stylesheets/theme.css"))
    assert bg == fingerprint.hashed_name("bg.png", PNG)
    # Queries, fragments (the empty query of ?#iefix too), quotes, spacing and media kept; other URLs untouched.
    assert f'@import url("parts/{renamed(site, "assets/stylesheets/parts/print.css")}") print;' in site_css
    assert f'url("../fonts/{eot}?#iefix") format("embedded-opentype")' in site_css
    assert f"url(../fonts/{woff2}) format" in site_css
    assert f"url('/sub/assets/images/{bg}?v=2#top')" in site_css
    untouched = ["url(data:image/svg+xml;charset=utf-8,<svg%20xmlns='http://www.w3.org/2000/svg'/>)",
                 "url(https://cdn.example.com/x.png)", "url(//other.example.net/y.png)"]
    assert untouched
    for url in untouched:
        assert url in site_css
    assert f'@import "../{renamed(site, "assets/stylesheets/theme.css")}";' in print_css
    assert f"url( ../../images/{bg} )" in print_css
    assert theme_css == f".t {{ background: url(../images/{a}) }}\n"

    page = (site / "docs/page/index.html").read_text(encoding="utf-8")
    assert f'srcset="../../assets/images/{a} 1x, ../../assets/images/{a2} 2x"' in page
    assert f'src="../../assets/images/{a}"' in page  # src and srcset of one element, both rewritten
    assert (f'srcset="/sub/assets/images/{a} 480w,data:image/png;base64,AA,BB 800w, '
            'https://cdn.example.com/a.png 1000w"') in page
    assert f'style="background: url(&quot;../../assets/images/{bg}?x=1#f&quot;)"' in page
    assert 'style="background: url(data:image/png;base64,AAAA)"' in page
    assert (f'<style>.hero{{background:url(../../assets/images/{a})}} '
            '.ext{background:url("https://cdn.example.com/a.png")}</style>') in page
    assert 'src="../../assets/lib.js"' in page

    # A second run changes nothing, and the page's rewrite was kept in the cache.
    files = {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    assert files
    fingerprint.apply(config)
    assert {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()} == files
    assert any((tmp_path / "cache/sitegen/fingerprint").iterdir())


@pytest.mark.unit
def test_the_page_rewrite_is_cached_by_its_text_the_renames_and_the_code(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config, site = small_site(tmp_path, FULL)
    renames = fingerprint.rename_assets(config, site, BASE)
    page = site / "docs/page/index.html"
    fingerprint.rewrite_pages(site, renames, BASE)
    entries = sorted(p.name for p in (tmp_path / "cache/sitegen/fingerprint").iterdir())
    assert len(entries) == 1
    rewritten = page.read_text(encoding="utf-8")
    page.write_text(PAGE, encoding="utf-8")
    monkeypatch.setattr(fingerprint, "rewrite", lambda *args: pytest.fail("the cached rewrite was not used"))
    fingerprint.rewrite_pages(site, renames, BASE)
    assert page.read_text(encoding="utf-8") == rewritten
    assert sorted(p.name for p in (tmp_path / "cache/sitegen/fingerprint").iterdir()) == entries


@pytest.mark.unit
def test_stylesheets_naming_each_other_stop_the_build_naming_both(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config, site = small_site(tmp_path, {"stylesheets/a.css": '@import url("b.css");',
                                         "stylesheets/b.css": ".b { background: url(a.css#x) }"})
    with pytest.raises(PluginError, match=r"cycle") as error:
        fingerprint.apply(config)
    assert "assets/stylesheets/a.css" in str(error.value) and "assets/stylesheets/b.css" in str(error.value)


@pytest.mark.unit
def test_a_stylesheet_naming_an_asset_outside_url_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config, site = small_site(tmp_path, {"stylesheets/s.css": '.s { background: image-set("../images/a.png" 1x) }',
                                         "images/a.png": b"a"})
    with pytest.raises(PluginError, match=r"s\.[0-9a-f]{10}\.css names assets/images/a\.png outside a CSS url\(\)"):
        fingerprint.apply(config)
