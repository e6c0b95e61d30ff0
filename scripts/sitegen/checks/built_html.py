"""In-process link and anchor check over the built HTML, sitemap included.

linkchecker crawls over HTTP too; this pass is the fast, exhaustive one: every
href and every #fragment of every built file, each target parsed once.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from sitegen.checks import Problem
from sitegen.checks.markdown_links import line_of

SKIP_SCHEMES = {"mailto", "tel", "data", "javascript"}
MAGIC = {".pdf": b"%PDF", ".zip": b"PK"}  # a download link must reach a real file of its kind


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.external: list[str] = []
        self.phones: list[str] = []  # the numbers of tel: links

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        href = a.get("href") if tag in {"a", "link"} else a.get("src") if tag in {"script", "img"} else None
        if not href:
            return
        scheme = urlsplit(href).scheme
        if scheme == "tel" and tag == "a":
            self.phones.append(href[len("tel:"):])
        if scheme in {"http", "https"} or href.startswith("//"):
            if tag == "a":
                self.external.append(href)
        elif scheme not in SKIP_SCHEMES:
            self.links.append(href)


@lru_cache(maxsize=None)
def parsed(path: Path) -> LinkParser:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, page_dir: str, href: str, root_path: str) -> Path:
    return site / _target(site, page_dir, urlsplit(href).path, root_path)


@lru_cache(maxsize=None)
def _target(site: Path, page_dir: str, path: str, root_path: str) -> str:
    """The site-relative file a link's path names (each distinct link resolved, and stat'ed, once)."""
    path = unquote(path)
    if path.startswith("/"):
        path = path[len(root_path):] if path.startswith(root_path) else path.lstrip("/")
        joined = posixpath.normpath("/" + path).lstrip("/")
    elif path == "":
        return page_dir + "/__self__"
    else:
        joined = posixpath.normpath(posixpath.join(page_dir, path)).lstrip("/")
    if path.endswith("/") or _is_dir(site / joined):
        return posixpath.join(joined, "index.html")
    return joined


@lru_cache(maxsize=None)
def _is_dir(path: Path) -> bool:
    return path.is_dir()


@lru_cache(maxsize=None)
def _exists(path: Path) -> bool:
    return path.exists()


def source_of(site_rel: str, languages, root: Path) -> str:
    return _source_of(site_rel, tuple(languages), root)


@lru_cache(maxsize=None)
def _source_of(site_rel: str, languages: tuple[str, ...], root: Path) -> str:
    """The Markdown file a built page came from (or the template, for 404 pages)."""
    if site_rel.endswith("404.html"):
        return "overrides/404.html"
    first = site_rel.split("/", 1)[0]
    lang, rest = (first, site_rel[len(first) + 1:]) if first in languages[1:] else (languages[0], site_rel)
    rest = rest.removesuffix("index.html").rstrip("/")
    if rest and (root / "docs" / lang / rest / "index.md").exists():
        return f"docs/{lang}/{rest}/index.md"
    return f"docs/{lang}/{rest or 'index'}.md"


def check(site: Path, root: Path, languages: list[str], root_path: str = "/", phones: set[str] = frozenset(),
          unbuilt: tuple[str, ...] = ()):
    """Returns (problems, counts, external links, referrers). `phones`: the help-channel numbers a tel: link
    may call; `unbuilt`: folders of the site this build did not make (downloads), whose links are not followed.
    `referrers`: every distinct internal target (site-relative file) -> the first (page, href) that links to it."""
    for cached in (parsed, _target, _is_dir, _exists, _source_of, is_kind):
        cached.cache_clear()  # each file is read once per check, and never from an earlier build
    problems, counts = [], {"pages": 0, "links": 0, "anchors": 0, "external": 0}
    external, referrers = [], {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")):
            continue
        counts["pages"] += 1
        parser = parsed(page)
        counts["external"] += len(parser.external)
        external += [(rel, href) for href in parser.external]
        page_dir = posixpath.dirname(rel)
        for number in parser.phones:
            if number not in phones:
                source = source_of(rel, languages, root)
                problems.append(Problem(source, line_of(root / source, number), "link",
                                        f"tel:{number} is not a help channel in docs/_data/campaign.yml (in {rel})",
                                        f"tel:{number}"))
        for href in parser.links:
            counts["links"] += 1
            target = target_file(site, page_dir, href, root_path)
            fragment = urlsplit(href).fragment
            if target.name == "__self__":
                target = page
            target_rel = target.relative_to(site).as_posix()
            if unbuilt and target_rel.startswith(unbuilt):
                continue
            referrers.setdefault(target_rel, (rel, href))
            needle = fragment and f"#{fragment}" or urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1] or href
            if not _exists(target):
                source = source_of(rel, languages, root)
                problems.append(Problem(source, line_of(root / source, needle), "link",
                                        f"broken link {href} (in {rel})", needle.removesuffix(".md")))
                continue
            if target.suffix in MAGIC and not is_kind(target):
                source = source_of(rel, languages, root)
                problems.append(Problem(source, line_of(root / source, needle), "link",
                                        f"download {href} is not a {target.suffix[1:].upper()} file (in {rel})", needle))
            if fragment and target.suffix == ".html":
                counts["anchors"] += 1
                if unquote(fragment) not in parsed(target).ids:
                    source = source_of(rel, languages, root)
                    problems.append(Problem(source, line_of(root / source, f"#{fragment}"), "anchor",
                                            f"broken anchor {href}: no id '{fragment}' in {target_rel} (in {rel})",
                                            fragment))
    problems += sitemap_problems(site, root_path)
    return problems, counts, external, referrers


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
