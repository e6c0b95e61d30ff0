"""In-process link and anchor check over the built HTML, sitemap included.

linkchecker crawls over HTTP too; this pass is the fast, exhaustive one: every URL a
browser would fetch or follow from every built file (checks/html_refs.py), every
#fragment, every duplicate id, every tel: and mailto:, each target parsed once.
"""

from __future__ import annotations

import os
import posixpath
from functools import lru_cache
from pathlib import Path
from urllib.parse import SplitResult, unquote, unquote_to_bytes, urlsplit
from xml.etree import ElementTree

from sitegen import paths
from sitegen.checks import Problem, printable
from sitegen.checks.html_refs import NAVIGATION, RefParser
from sitegen.checks.markdown_links import id_line, line_of
from sitegen.checks.uri_syntax import mailto_problem, tel_problem

MAGIC = {".pdf": b"%PDF", ".zip": b"PK"}  # a download link must reach a real file of its kind


@lru_cache(maxsize=None)
def parsed(path: Path) -> RefParser:
    """A built file's ids and references; `error` says why it could not be read (it then has none)."""
    parser = RefParser()
    parser.error = None
    try:
        parser.feed(path.read_bytes().decode("utf-8"))
        parser.close()
    except UnicodeDecodeError as err:
        parser.error = f"is not UTF-8 (byte {err.object[err.start]:#04x} at offset {err.start})"
    except OSError as err:
        parser.error = f"cannot be read: {err.strerror or err}"
    return parser


def target_file(site: Path, page_dir: str, href: str, root_path: str) -> Path:
    return site / _target(site, page_dir, urlsplit(href).path, root_path)


def below_root(path: str, root_path: str) -> str:
    """An absolute path as a path in the built folder: below site_url's path (`root_path`, ending in "/"),
    or from the top."""
    if path.startswith(root_path) or path == root_path.rstrip("/"):
        return path[len(root_path):]
    return path.lstrip("/")


@lru_cache(maxsize=None)
def _target(site: Path, page_dir: str, path: str, root_path: str) -> str:
    """The site-relative file a link's path names (each distinct link resolved, and stat'ed, once)."""
    path = os.fsdecode(unquote_to_bytes(path))  # the bytes a server would look up, any file name
    if path.startswith("/"):
        joined = posixpath.normpath("/" + below_root(path, root_path)).lstrip("/")
    elif path == "":
        return page_dir + "/__self__"
    else:
        joined = posixpath.normpath("/" + posixpath.join(page_dir, path)).lstrip("/")  # no higher than the root
    if path.endswith("/") or _is_dir(site / joined):
        return posixpath.join(joined, "index.html")
    return joined


@lru_cache(maxsize=None)
def _is_dir(path: Path) -> bool:
    return path.is_dir()


@lru_cache(maxsize=None)
def _file(site: Path, rel: str) -> tuple[Path, bool]:
    """A built file and whether it is one (a symlink loop or a folder named like a file is not)."""
    path = site / rel
    return path, path.is_file()


def source_of(site_rel: str, languages, root: Path) -> str:
    return _source_of(site_rel, tuple(languages), root)


@lru_cache(maxsize=None)
def _source_of(site_rel: str, languages: tuple[str, ...], root: Path) -> str:
    """The Markdown file a built page came from (the template, for 404 pages; the file itself, when copied)."""
    if site_rel.endswith("404.html"):
        return paths.relative(paths.THEME / "404.html", root)
    first = site_rel.split("/", 1)[0]
    lang, rest = (first, site_rel[len(first) + 1:]) if first in languages[1:] else (languages[0], site_rel)
    if not rest.endswith("index.html") and (root / "docs" / lang / rest).is_file():
        return f"docs/{lang}/{rest}"  # copied from docs/ as it is
    rest = rest.removesuffix("index.html").rstrip("/")
    if rest and (root / "docs" / lang / rest / "index.md").exists():
        return f"docs/{lang}/{rest}/index.md"
    return f"docs/{lang}/{rest or 'index'}.md"


def fragment_found(fragment: str, ids: set[str]) -> bool:
    """The HTML standard's "indicated part of the document": the fragment as written, then
    percent-decoded; an empty fragment and `top` (any ASCII case) are the top of the page."""
    if not fragment or fragment in ids:
        return True
    decoded = unquote(fragment)
    return decoded in ids or (decoded.isascii() and decoded.lower() == "top")


def html_files(site: Path):
    """Every built page, sorted; folders named like pages and unreadable links are left to the link check."""
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith(("assets/", "search/")) and not path.is_dir():
            yield rel, path


def check(site: Path, root: Path, languages: list[str], root_path: str = "/", phones: set[str] = frozenset(),
          unbuilt: tuple[str, ...] = (), own_host: str | None = None):
    """Returns (problems, counts, external links, referrers). `phones`: the help-channel numbers a tel: link
    may call; `unbuilt`: folders of the site this build did not make (downloads), whose links are not followed;
    `own_host`: the host of site_url, whose absolute URLs are checked as internal links.
    `external`: (page, href) of each link a reader follows to another site.
    `referrers`: every distinct internal target (site-relative file) -> the first (page, href) that links to it."""
    for cached in (parsed, _target, _is_dir, _file, _source_of, is_kind):
        cached.cache_clear()  # each file is read once per check, and never from an earlier build
    problems, counts = [], {"pages": 0, "links": 0, "anchors": 0, "external": 0}
    external, referrers = [], {}
    for rel, page in html_files(site):
        counts["pages"] += 1
        parser = parsed(page)
        source = source_of(rel, languages, root)

        line = 0  # of the reference being checked, in the built file

        def report(needle: str, kind: str, message: str, target: str = "") -> None:
            problems.append(Problem(source, line_of(root / source, needle), kind,
                                    f"{message} (in {printable(rel)}:{line})", target or needle))

        if parser.error:
            problems.append(Problem(source, 1, "link", f"{printable(rel)} {parser.error}", rel))
            continue
        for ident, lines in sorted(parser.duplicates().items()):
            times = f", {len(lines)} times" if len(lines) > 2 else ""
            problems.append(Problem(source, id_line(root / source, ident), "id",
                                    f"duplicate id '{ident}' in {printable(rel)}:{lines[1]} "
                                    f"(first at line {lines[0]}{times})", f"id:{ident}"))
        page_dir = base_dir(parser.base, posixpath.dirname(rel), own_host, root_path)
        for line, tag, href in parser.refs:
            try:
                parts = urlsplit(href)
                scheme = parts.scheme.lower()
                host = parts.hostname if scheme in {"http", "https", ""} else None
            except ValueError as err:
                report(href, "link", f"malformed URL {href}: {err}")
                continue
            if scheme == "tel":
                undeclared = parts.path.split(";")[0] not in phones
                whys = ["is not a help channel in docs/_data/campaign.yml"] * undeclared + [tel_problem(href, phones)]
                if any(whys):
                    report(href, "link", f"{href} " + "; it ".join(filter(None, whys)), href)
                continue
            if scheme == "mailto":
                why = mailto_problem(href)
                if why:
                    report(href, "link", f"{href} {why}", href)
                continue
            if host and own_host and host == own_host:
                parts = parts._replace(scheme="", netloc="", path=parts.path or "/")  # this site's, by its full URL
            elif scheme or parts.netloc:
                if scheme in {"http", "https", ""} and tag in NAVIGATION:
                    counts["external"] += 1
                    external.append((rel, href))
                continue  # data:, javascript: and the like are not fetched from this site
            elif page_dir is None:
                continue  # resolved against another site's <base href>
            counts["links"] += 1
            internal_link(site, rel, page_dir, href, parts, root_path, unbuilt, counts, referrers, report)
    problems += sitemap_problems(site, root_path)
    return problems, counts, external, referrers


def internal_link(site, rel, page_dir, href, parts: SplitResult, root_path, unbuilt, counts, referrers,
                  report) -> None:
    target_rel = _target(site, page_dir, parts.path, root_path)
    if target_rel.endswith("__self__"):
        target_rel = rel
    if unbuilt and target_rel.startswith(unbuilt):
        return
    referrers.setdefault(target_rel, (rel, href))
    target, exists = _file(site, target_rel)
    fragment = parts.fragment
    needle = fragment and f"#{fragment}" or parts.path.rstrip("/").rsplit("/", 1)[-1] or href
    if not exists:
        report(needle, "link", f"broken link {href}", needle.removesuffix(".md"))
        return
    if target.suffix in MAGIC and not is_kind(target):
        report(needle, "link", f"download {href} is not a {target.suffix[1:].upper()} file", needle)
    if fragment and target.suffix == ".html":
        counts["anchors"] += 1
        found = parsed(target)
        if not found.error and not fragment_found(fragment, found.ids):
            report(f"#{fragment}", "anchor",
                   f"broken anchor {href}: no id '{unquote(fragment)}' in {printable(target_rel)}", fragment)


def base_dir(base: str | None, page_dir: str, own_host: str | None, root_path: str) -> str | None:
    """The folder relative URLs resolve against: the page's, or its <base href>'s (None: another site's)."""
    if not base:
        return page_dir
    try:
        parts = urlsplit(base)
        foreign = (parts.scheme or parts.netloc) and parts.hostname != own_host
    except ValueError:
        return None
    if foreign:
        return None
    path = os.fsdecode(unquote_to_bytes(parts.path))
    if path.startswith("/"):
        path = below_root(path, root_path)
    else:
        path = posixpath.join(page_dir, path)
    folder = path if path.endswith("/") or not path else posixpath.dirname(path)
    return posixpath.normpath("/" + folder).lstrip("/")


@lru_cache(maxsize=None)
def is_kind(target: Path) -> bool:
    """A download link must reach a real file of its kind (read once per file)."""
    with target.open("rb") as handle:
        return handle.read(4).startswith(MAGIC[target.suffix])


def sitemap_problems(site: Path, root_path: str) -> list[Problem]:
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return [Problem("mkdocs.yml", 1, "link", "no sitemap.xml was built")]
    try:
        tree = ElementTree.parse(sitemap)
    except ElementTree.ParseError as err:
        return [Problem("mkdocs.yml", 1, "link", f"sitemap.xml is not well-formed XML: {err}")]
    # Every <loc>, and every alternate language's <xhtml:link href>.
    urls = {el.text or "" for el in tree.iter() if el.tag.endswith("}loc") or el.tag == "loc"}
    urls |= {el.get("href") or "" for el in tree.iter() if el.tag.endswith("}link")}
    problems = []
    for url in sorted(urls):
        if url == "None" or not url.startswith("http"):
            problems.append(Problem("mkdocs.yml", 1, "link", f"sitemap.xml has a bad URL {url!r} (is site_url set?)"))
            continue
        target = target_file(site, "", urlsplit(url).path, root_path)
        if not target.exists():
            problems.append(Problem("mkdocs.yml", 1, "link", f"sitemap.xml lists {url}, which was not built"))
    return problems
