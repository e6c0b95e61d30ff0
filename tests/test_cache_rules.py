"""Browsers keep a file for a year only when its name carries the hash of its content.

scripts/nginx.conf is read as nginx reads it (its `map` of URI to Cache-Control, applied by
the HTTPS server's `add_header`) and its rule is applied to every file of the real build:
each file it would serve as `immutable` must carry the SHA-256 of its bytes in its name, and
every other file must be revalidated. Every asset the build made or changed (anything under
assets/ that is not byte for byte the theme's own file) must be one of the immutable ones,
named by the hash of its content: otherwise a fix would never reach a returning reader.
The fingerprint step itself (sitegen.postbuild.fingerprint) is tested on a small site too.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import PluginError

from sitegen.postbuild import fingerprint


TESTS = Path(__file__).resolve().parent  # the generator's tests: their fixtures and data, whichever campaign is under test

CONF = TESTS.parent / "scripts" / "nginx.conf"
YEAR = 365 * 24 * 3600


# --- nginx's configuration syntax: directives `name args;` and blocks `name args { … }` ---------

TOKEN = re.compile(r"""(?P<space>\s+)|(?P<comment>\#[^\n]*)|"(?P<dq>(?:\\.|[^"\\])*)"|'(?P<sq>(?:\\.|[^'\\])*)'"""
                   r"""|(?P<punct>[{};])|(?P<word>[^\s{};"'#][^\s{};]*)""")
ESCAPES = {'"': '"', "'": "'", "\\": "\\", "t": "\t", "r": "\r", "n": "\n"}  # what nginx unescapes in quotes


@dataclass
class Directive:
    name: str
    args: list[str]
    block: list["Directive"] | None = None
    line: int = 0

    def all(self, name: str) -> list["Directive"]:
        return [d for d in self.block or [] if d.name == name]

    def walk(self):
        for child in self.block or []:
            yield child
            yield from child.walk()


def unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m[1], m[0]), text)


def parse(text: str) -> Directive:
    top = Directive("main", [], [])
    stack, words, pos = [top], [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        assert m, f"nginx.conf:{text.count(chr(10), 0, pos) + 1}: cannot read {text[pos:pos + 20]!r}"
        pos, line = m.end(), text.count("\n", 0, m.start()) + 1
        if m["dq"] is not None or m["sq"] is not None:
            words.append(unquote(m["dq"] if m["dq"] is not None else m["sq"]))
        elif m["word"]:
            words.append(m["word"])
        elif m["punct"] == ";":
            stack[-1].block.append(Directive(words[0], words[1:], None, line))
            words = []
        elif m["punct"] == "{":
            block = Directive(words[0], words[1:], [], line)
            stack[-1].block.append(block)
            stack.append(block)
            words = []
        elif m["punct"] == "}":
            assert not words, f"nginx.conf:{line}: unterminated directive {words}"
            stack.pop()
    assert len(stack) == 1 and not words, "nginx.conf: unbalanced braces"
    return top


@dataclass
class Map:
    """An nginx `map` without `hostnames`: exact values first, then regexes in order, else default."""
    source: str
    exact: dict[str, str] = field(default_factory=dict)
    regexes: list[tuple[re.Pattern, str]] = field(default_factory=list)
    default: str = ""

    def __call__(self, value: str) -> str:
        if value in self.exact:
            return self.exact[value]
        return next((out for pattern, out in self.regexes if pattern.search(value)), self.default)


def read_map(block: Directive) -> Map:
    found = Map(block.args[0])
    assert block.block, f"nginx.conf:{block.line}: map {block.args[0]} has no entries"
    for entry in block.block:
        assert entry.name not in ("hostnames", "include", "volatile"), f"nginx.conf:{entry.line}: not read here"
        key, value = entry.name, entry.args[0]
        if key == "default":
            found.default = value
        elif key.startswith("~*"):
            found.regexes.append((re.compile(key[2:], re.I), value))
        elif key.startswith("~"):
            found.regexes.append((re.compile(key[1:]), value))
        else:
            found.exact[key.removeprefix("\\")] = value
    return found


def https_cache_control():
    """The function from a request's URI to the Cache-Control the HTTPS server sends with it."""
    conf = parse(CONF.read_text(encoding="utf-8"))
    servers = [s for s in conf.all("server") if any("ssl" in d.args for d in s.all("listen"))]
    assert len(servers) == 1, "nginx.conf: expected one server listening with ssl"
    server = servers[0]
    headers = [d for d in server.all("add_header") if d.args[0].lower() == "cache-control"]
    assert len(headers) == 1, "nginx.conf: the HTTPS server sets Cache-Control once"
    # A block with an add_header of its own drops all the inherited ones: none may, or the rule is not the rule.
    nested = [d.line for d in server.walk() if d.name == "add_header" and d not in server.block]
    assert not nested, f"nginx.conf:{nested}: add_header inside a location replaces the server's headers there"
    value = headers[0].args[1]
    if not value.startswith("$"):
        return lambda uri: value
    maps = [read_map(m) for m in conf.all("map") if m.args[1] == value]
    assert len(maps) == 1 and maps[0].source == "$uri", f"nginx.conf: {value} is not one map of $uri"
    return maps[0]


def max_age(cache_control: str) -> int | None:
    found = re.search(r"max-age=(\d+)", cache_control)
    return int(found[1]) if found else None


def carries_hash_of(name: str, data: bytes) -> bool:
    """The name has the content's SHA-256 (its first 10 hex digits) as one of its dot-separated parts."""
    return hashlib.sha256(data).hexdigest()[:10] in name.split(".")


def theme_original(rel: str) -> Path | None:
    """The installed theme's own file at `rel` (not the project's overrides)."""
    import material
    path = Path(material.__file__).parent / "templates" / rel
    return path if path.is_file() else None


def built_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file():
            yield "/" + path.relative_to(site).as_posix(), path


# --- the rule on the real build -------------------------------------------------------------------

def test_immutable_files_carry_the_hash_of_their_content_and_the_rest_is_revalidated(site):
    cache_control = https_cache_control()
    immutable = []
    for uri, path in built_files(site):
        value = cache_control(uri)
        if "immutable" in value:
            immutable.append(uri)
            assert carries_hash_of(path.name, path.read_bytes()), f"{uri} is immutable but not named by its content"
            assert max_age(value) == YEAR
        else:
            assert "must-revalidate" in value or "no-cache" in value, f"{uri}: {value}"
            assert (max_age(value) or 0) <= 3600, f"{uri} is cached without asking for longer than an hour: {value}"
    assert any(u.endswith(".css") for u in immutable) and any(u.endswith(".js") for u in immutable), immutable


def test_every_asset_we_made_or_changed_is_named_by_its_content_and_kept_a_year(site):
    cache_control = https_cache_control()
    ours = []
    for uri, path in built_files(site):
        rel = uri[1:]
        if not rel.startswith("assets/"):
            continue
        data = path.read_bytes()
        original = theme_original(rel)
        if original is not None and original.read_bytes() == data:
            continue  # the theme's own file, unchanged
        ours.append(rel)
        assert carries_hash_of(path.name, data), f"{rel} was made or changed by the build but is not named by its content"
        assert "immutable" in cache_control(uri), f"{rel} is named by its content but revalidated"
    # The site's own stylesheet and scripts, and the theme's bundle, worker and stylesheets that the build changes.
    assert len(ours) >= 7, ours


class References(HTMLParser):
    """Every href and src of a page, and the paths in its JSON config scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._json = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.urls += [a[k] for k in ("href", "src") if a.get(k)]
        self._json = tag == "script" and a.get("type") == "application/json"

    def handle_data(self, data):
        if self._json:  # the theme's config (an object), the deferred theme script (a string)
            value = json.loads(data)
            self.urls += [v for v in (value.values() if isinstance(value, dict) else [value]) if isinstance(v, str)]

    def handle_endtag(self, tag):
        self._json = False


def test_every_asset_a_page_names_exists_under_its_hashed_name(site):
    missing, named = [], set()
    for page in sorted(site.rglob("*.html")):
        parser = References()
        parser.feed(page.read_text(encoding="utf-8"))
        page_rel = page.relative_to(site).as_posix()
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or "assets/" not in parts.path:
                continue
            rel = (parts.path.lstrip("/") if parts.path.startswith("/")
                   else posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), parts.path)))
            named.add(rel)
            if not (site / rel).is_file():
                missing.append(f"{page_rel}: {url}")
    assert not missing, missing[:10]
    worker = [n for n in named if "/workers/" in n]
    assert worker and all(carries_hash_of(Path(n).name, (site / n).read_bytes()) for n in worker), worker


# --- the fingerprint step on a small site ---------------------------------------------------------

def small_site(tmp_path: Path, page_text: str):
    theme, custom, site = tmp_path / "theme", tmp_path / "custom", tmp_path / "site"
    for folder, files in ((theme, {"assets/app.1234abcd.min.js": "theme();", "assets/lib.js": "lib();"}),
                          (custom, {"assets/own.css": "body{}"}),
                          (site, {"assets/app.1234abcd.min.js": "theme();patched();", "assets/lib.js": "lib();",
                                  "assets/own.css": "body{}", "docs/page/index.html": page_text})):
        for rel, text in files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
    config = SimpleNamespace(site_dir=str(site), site_url="https://example.org/sub/",
                             theme=SimpleNamespace(dirs=[str(custom), str(theme)], custom_dir=str(custom)))
    return config, site


PAGE = ('<html><head><link rel="stylesheet" href="../../assets/own.css?v=1">'
        '<script id="__config" type="application/json">{"search": "../../assets/app.1234abcd.min.js"}</script>'
        '</head><body><script src="/sub/assets/app.1234abcd.min.js"></script><script src="../../assets/lib.js"></script>'
        '<a href="https://example.org/sub/assets/own.css">text own.css</a></body></html>')


@pytest.mark.unit
def test_the_step_renames_what_differs_from_the_theme_and_rewrites_the_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config, site = small_site(tmp_path, PAGE)
    fingerprint.apply(config)
    own = fingerprint.hashed_name("own.css", b"body{}")
    app = fingerprint.hashed_name("app.1234abcd.min.js", b"theme();patched();")
    assert own == f"own.{hashlib.sha256(b'body{}').hexdigest()[:10]}.css"
    assert app.startswith("app.1234abcd.") and app.endswith(".min.js")
    assert sorted(p.name for p in (site / "assets").iterdir()) == sorted([own, app, "lib.js"])  # the theme's own kept
    page = (site / "docs/page/index.html").read_text(encoding="utf-8")
    assert f'href="../../assets/{own}?v=1"' in page
    assert f'{{"search": "../../assets/{app}"}}' in page
    assert f'src="/sub/assets/{app}"' in page and 'src="../../assets/lib.js"' in page
    assert 'href="https://example.org/sub/assets/own.css">text own.css</a>' in page  # absolute URLs and text alone
    assert fingerprint.original_name(own) == "own.css" and fingerprint.original_name(app) == "app.1234abcd.min.js"
    fingerprint.apply(config)  # a second run changes nothing
    assert (site / "docs/page/index.html").read_text(encoding="utf-8") == page


@pytest.mark.unit
def test_an_inline_script_naming_an_asset_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config, site = small_site(tmp_path, '<html><body><script>load("../../assets/own.css")</script></body></html>')
    with pytest.raises(PluginError, match=r"inline <script> in docs/page/index.html names \['own.css'\]"):
        fingerprint.apply(config)
