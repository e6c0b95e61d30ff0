"""Give every asset whose bytes are ours, or changed by the build, a name carrying its content hash.

scripts/nginx.conf tells browsers to keep a file whose name carries a content hash for a
year without asking again, and to revalidate everything else. Our own stylesheet and
scripts have no hash in their names, and the build rewrites theme files in place while
they keep the theme's hashed names (the bundle patched and minified, the search worker
patched, the stylesheets purged): cached for a year under an unchanged name, a fix would
never reach a returning reader. So, last of all the steps, every file under assets/ that
is not byte for byte the theme's own file of that name is renamed `stem.<sha256[:10]>.ext`
(`site.css` -> `site.0123456789.css`, `main.57a0d79d.min.css` -> `main.57a0d79d.0123456789.min.css`:
the theme's version hash stays, ours follows), and every reference to it in the built
pages (their `href`/`src` and the theme's JSON config, which names the search worker) is
rewritten. Untouched theme files keep their names and are revalidated.

A page is rewritten from its text, the renames and this code alone: the result is cached
under their hash (sitegen.tool_cache), so a rebuild parses only the pages that changed.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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
    """The theme's own file at `rel` (the installed theme's folders, not the project's custom_dir)."""
    custom = Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None
    for folder in config.theme.dirs:
        candidate = Path(folder) / rel
        if candidate.is_file():
            return None if custom and Path(folder).resolve() == custom else candidate
    return None


def owned_or_changed(config, site: Path) -> list[tuple[Path, bytes]]:
    """Files under assets/ that differ from the theme's file of the same name, or that the theme lacks,
    with their bytes."""
    out = []
    for path in sorted((site / FOLDER).rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if carries_own_hash(path.name, data):
            continue
        original = theme_copy(config, path.relative_to(site).as_posix())
        if original is None or original.read_bytes() != data:
            out.append((path, data))
    return out


def rename_assets(config, site: Path) -> dict[str, str]:
    """Rename each asset of ours; site-relative path before -> after."""
    renames = {}
    for path, data in owned_or_changed(config, site):
        target = path.with_name(hashed_name(path.name, data))
        path.rename(target)
        renames[path.relative_to(site).as_posix()] = target.relative_to(site).as_posix()
    texts = {new: (site / new).read_text(encoding="utf-8", errors="replace") for new in renames.values()
             if Path(new).suffix in (".css", ".js", ".svg", ".json")}
    for new, text in texts.items():  # an asset naming another would need rewriting too, and a new hash
        named = [old for old in renames if old != original_path(new) and posixpath.basename(old) in text]
        if named:
            raise PluginError(f"fingerprint: {new} names {', '.join(named)}; "
                              "rewriting references inside assets is not supported")
    return renames


def original_path(rel: str) -> str:
    return posixpath.join(posixpath.dirname(rel), original_name(posixpath.basename(rel)))


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
    parts = urlsplit(ref)
    path = posixpath.join(posixpath.dirname(parts.path), posixpath.basename(renames[target]))
    return urlunsplit(parts._replace(path=path))


def rewrite(text: str, page_rel: str, renames: dict[str, str], base_path: str) -> str:
    doc = Document(text)
    names = [posixpath.basename(old) for old in renames]
    for element in doc.elements:
        for key in URL_ATTRIBUTES:
            value = element.get(key)
            new = renamed_ref(value, page_rel, renames, base_path) if value else None
            if new is not None:
                doc.set_attr(element, key, new)
        if element.name not in ("script", "style") or "src" in element.attrs:
            continue
        inner = doc.inner(element)
        if element.name == "script" and element.get("type") in DATA_TYPES:
            rewrite_json(doc, element, inner, page_rel, renames, base_path)
        elif any(name in inner for name in names):
            # An inline script's hash is in the page's CSP: it cannot be edited here.
            raise PluginError(f"fingerprint: an inline <{element.name}> in {page_rel} names "
                              f"{[n for n in names if n in inner]}; load the asset with src/href instead")
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
    renames = rename_assets(config, site)
    if renames:
        rewrite_pages(site, renames, paths.site_path(config.site_url))
