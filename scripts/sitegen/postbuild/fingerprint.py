"""Give every asset whose bytes are ours, or changed by the build, a name carrying its content hash.

scripts/nginx.conf tells browsers to keep a file whose name carries a content hash for a
year without asking again, and to revalidate everything else. Our own stylesheet and
scripts have no hash in their names, and the build rewrites theme files in place while
they keep the theme's hashed names (the bundle patched and minified, the search worker
patched, the stylesheets purged): cached for a year under an unchanged name, a fix would
never reach a returning reader. So, last of all the steps, every file under assets/ that
is not byte for byte the theme's own file of that name is renamed `stem.<sha256[:10]>.ext`
(`site.css` -> `site.0123456789.css`, `main.57a0d79d.min.css` -> `main.57a0d79d.0123456789.min.css`:
the theme's version hash stays, ours follows), and every reference to it is rewritten: in the
built pages their `href`/`src`, each URL of a `srcset` (its `2x`/`480w` kept), the `url(…)`s
of `style` attributes and `<style>` elements, and the theme's JSON config, which names the
search worker; in the stylesheets under assets/ their `url(…)` and `@import "…"`. Untouched
theme files keep their names and are revalidated.

A stylesheet naming a renamed font, image or stylesheet is rewritten before it is hashed, so
its own name changes with what it names: the files are renamed in dependency order, and
stylesheets naming each other in a cycle stop the build (neither name could carry the hash
of the other). A URL is resolved as the browser does, against the page's or the stylesheet's
own folder (`target_of`); its query and fragment are kept, and data:, other hosts' and
absolute URLs are left alone. Scripts, SVGs and JSON files under assets/ are not rewritten:
one naming a renamed file stops the build, as an inline script does (its hash is in the CSP).

A page is rewritten from its text, the renames and this code alone: the result is cached
under their hash (sitegen.tool_cache), so a rebuild parses only the pages that changed.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from functools import lru_cache
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from sitegen import html_edit, paths, tool_cache
from sitegen.html_edit import Document
from sitegen.postbuild.csp import DATA_TYPES

FOLDER = "assets"
LENGTH = 10
# A name carrying our hash: `<anything>.<10 hex>.<ext>` or `….<10 hex>.min.<ext>`.
# scripts/nginx.conf's `immutable` rule matches the same names; tests/test_cache_rules.py holds them together.
HASHED = re.compile(r"\.([0-9a-f]{%d})((?:\.min)?\.[A-Za-z0-9]+)$" % LENGTH)
URL_ATTRIBUTES = ("href", "src")
# The URLs of CSS: `url(x)`, `url("x")`, `@import "x"`. Groups: before the URL, its quote, the URL, after it.
CSS_URLS = (re.compile(r"""(url\(\s*(['"]?))(.*?)(\2\s*\))""", re.I),
            re.compile(r"""(@import\s+(['"]))(.*?)(\2)""", re.I))
# A srcset candidate: separators, its URL (which may hold commas, as a data: URL does), then trailing
# commas or its descriptor (`2x`, `480w`), read as browsers read it (the HTML standard's srcset parser).
SRCSET_CANDIDATE = re.compile(r"([\s,]*)(\S*[^\s,])(,+(?=\s|$)|[^,]*)")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:LENGTH]


def extension(name: str) -> str:
    """`.min.js` for a minified file (the hash goes before it), else the last suffix."""
    stem, dot, last = name.rpartition(".")
    if not dot or not stem:
        return ""
    return f".min.{last}" if stem.endswith(".min") and stem != ".min" else f".{last}"


def hashed_name(name: str, data: bytes) -> str:
    ext = extension(name)
    return f"{name[:len(name) - len(ext)]}.{digest(data)}{ext}"


def original_name(name: str) -> str:
    """The name before fingerprinting (a name without our hash is returned as it is)."""
    match = HASHED.search(name)
    return name[:match.start()] + match[2] if match else name


def carries_own_hash(name: str, data: bytes) -> bool:
    match = HASHED.search(name)
    return bool(match) and match[1] == digest(data)


def theme_copy(config, rel: str) -> Path | None:
    """The theme's own file at `rel` (the installed theme's folders, not the campaign's custom_dir nor the
    generator's theme, whose files are ours)."""
    ours = {paths.THEME, *([Path(config.theme.custom_dir).resolve()] if config.theme.custom_dir else [])}
    for folder in config.theme.dirs:
        candidate = Path(folder) / rel
        if candidate.is_file():
            return None if Path(folder).resolve() in ours else candidate
    return None


def rename_assets(config, site: Path, base_path: str) -> dict[str, str]:
    """Rename each asset of ours, after rewriting the stylesheets' references to the ones renamed before it;
    site-relative path before -> after."""
    assets = {path.relative_to(site).as_posix(): (path, path.read_bytes())
              for path in sorted((site / FOLDER).rglob("*")) if path.is_file()}
    assets = {rel: found for rel, found in assets.items() if not carries_own_hash(found[0].name, found[1])}
    # What each stylesheet names among the assets: those are renamed first, so its bytes are final when hashed.
    # Every stylesheet counts, the theme's too: one naming a renamed file is changed by the rewrite, so renamed.
    texts = {rel: data.decode("utf-8", "surrogateescape")  # any bytes, written back as they were
             for rel, (_, data) in assets.items() if rel.endswith(".css")}
    named = {rel: {target_of(url, rel, base_path) for url in css_urls(text)} & assets.keys()
             for rel, text in texts.items()}
    try:
        order = list(TopologicalSorter({rel: named.get(rel, ()) for rel in assets}).static_order())
    except CycleError as error:
        raise PluginError(f"fingerprint: stylesheets name each other in a cycle ({' -> '.join(error.args[1])}): "
                          "neither name can carry the hash of the other; inline one of them") from None
    renames = {}
    for rel in order:
        path, data = assets[rel]
        if rel in texts:
            texts[rel] = rewrite_css(texts[rel], lambda url: renamed_ref(url, rel, renames, base_path))
            data = texts[rel].encode("utf-8", "surrogateescape")
        original = theme_copy(config, rel)
        if original is not None and original.read_bytes() == data:
            continue  # the theme's own file, unchanged: it keeps its name
        if data != assets[rel][1]:
            path.write_bytes(data)
        target = path.with_name(hashed_name(path.name, data))
        path.rename(target)
        renames[rel] = target.relative_to(site).as_posix()
    for rel, new in renames.items():  # what is not rewritten must not name a renamed file
        if rel in texts:  # its URLs were rewritten: a name left elsewhere (`image-set("x.png" 1x)`) was not
            text = rewrite_css(texts[rel], lambda url: "")
        elif Path(rel).suffix in (".js", ".svg", ".json"):
            text = (site / new).read_text(encoding="utf-8", errors="replace")
        else:
            continue
        left = [old for old in renames if old != rel and posixpath.basename(old) in text]
        if left:
            raise PluginError(f"fingerprint: {new} names {', '.join(left)} outside a CSS url(): "
                              "rewriting such references inside assets is not supported")
    return renames


@lru_cache(maxsize=1)
def code_version() -> str:
    return tool_cache.key(Path(__file__).read_bytes(), Path(html_edit.__file__).read_bytes())


def rewrite_pages(site: Path, renames: dict[str, str], base_path: str) -> None:
    names = {posixpath.basename(old) for old in renames}
    table = json.dumps(renames, sort_keys=True)
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if not any(name in text for name in names):
            continue  # redirect stubs and pages without assets: nothing to parse
        rel = page.relative_to(site).as_posix()
        parts = [code_version(), table, base_path, rel, text]
        out = tool_cache.cached("fingerprint", parts, lambda: {
            "page.html": rewrite(text, rel, renames, base_path).encode("utf-8")})["page.html"]
        page.write_bytes(out)


def target_of(ref: str, page_rel: str, base_path: str) -> str | None:
    """The site-relative path a reference on page `page_rel` points at (None: not inside the site)."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # absolute URLs are pages (canonical, alternates), never our assets
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return None
        return posixpath.normpath(parts.path[len(base_path):])
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), parts.path))


def renamed_ref(ref: str, page_rel: str, renames: dict[str, str], base_path: str) -> str | None:
    """`ref` pointing at the renamed file, or None when it points at no renamed file."""
    target = target_of(ref, page_rel, base_path)
    if target not in renames:
        return None
    path = re.match(r"[^?#]*", ref)[0]  # the rest is kept as written: urlunsplit would drop the `?` of `?#iefix`
    return posixpath.join(posixpath.dirname(path), posixpath.basename(renames[target])) + ref[len(path):]


def css_urls(text: str) -> list[str]:
    return [match[3] for pattern in CSS_URLS for match in pattern.finditer(text)]


def rewrite_css(text: str, fix) -> str:
    """`text` with each URL replaced by `fix(url)` (None: kept), the rest as written."""
    for pattern in CSS_URLS:
        text = pattern.sub(lambda m: m[1] + keep_or(fix, m[3]) + m[4], text)
    return text


def rewrite_srcset(value: str, fix) -> str:
    """Each candidate's URL replaced by `fix(url)` (None: kept), its descriptor and the commas as written."""
    return SRCSET_CANDIDATE.sub(lambda m: m[1] + keep_or(fix, m[2]) + m[3], value)


def keep_or(fix, url: str) -> str:
    new = fix(url)
    return url if new is None else new


def rewrite(text: str, page_rel: str, renames: dict[str, str], base_path: str) -> str:
    doc = Document(text)
    names = [posixpath.basename(old) for old in renames]

    def fix(ref: str) -> str | None:
        return renamed_ref(ref, page_rel, renames, base_path)

    for element in doc.elements:
        changed = {}
        for key in (*URL_ATTRIBUTES, "srcset", "style"):
            value = element.get(key)
            if not value:
                continue
            new = (keep_or(fix, value) if key in URL_ATTRIBUTES else
                   rewrite_srcset(value, fix) if key == "srcset" else rewrite_css(value, fix))
            if new != value:
                changed[key] = new
        if changed:  # one edit per start tag (two would overlap): set_attr writes it from element.attrs
            *others, (key, new) = changed.items()
            element.attrs.update(others)
            doc.set_attr(element, key, new)
        if element.name not in ("script", "style") or "src" in element.attrs:
            continue
        inner = doc.inner(element)
        if element.name == "script" and element.get("type") in DATA_TYPES:
            rewrite_json(doc, element, inner, page_rel, renames, base_path)
            continue
        if element.name == "style":  # styles are not hashed in the CSP ('unsafe-inline'): they can be edited
            new = rewrite_css(inner, fix)
            if new != inner:
                doc.replace_inner(element, new)
            inner = rewrite_css(new, lambda url: "")  # what is left outside url() was not rewritten
        if any(name in inner for name in names):
            # An inline script's hash is in the page's CSP: it cannot be edited here.
            hint = "name it in a url()" if element.name == "style" else "load the asset with src/href instead"
            raise PluginError(f"fingerprint: an inline <{element.name}> in {page_rel} names "
                              f"{[n for n in names if n in inner]}; {hint}")
    return doc.result()


def rewrite_json(doc: Document, element, inner: str, page_rel: str, renames, base_path: str) -> None:
    """Rewrite the JSON strings that name a renamed file, leaving the rest of the text as the theme wrote it."""
    try:
        data = json.loads(inner)
    except ValueError:
        return
    found = {}

    def walk(value):
        if isinstance(value, str):
            new = renamed_ref(value, page_rel, renames, base_path)
            if new is not None:
                found[value] = new
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(data)
    for old, new in found.items():
        encoded = json.dumps(old)
        if encoded not in inner:
            raise PluginError(f"fingerprint: {old!r} in a JSON script of {page_rel} is not written as {encoded}")
        inner = inner.replace(encoded, json.dumps(new))
    if found:
        doc.replace_inner(element, inner)


def apply(config):
    """Last of the steps: every other step has written its files."""
    site = Path(config.site_dir)
    if not (site / FOLDER).is_dir():
        return
    base_path = paths.site_path(config.site_url)
    renames = rename_assets(config, site, base_path)
    if renames:
        rewrite_pages(site, renames, base_path)
