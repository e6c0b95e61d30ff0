"""A Markdown source's link targets and ids, each at its line, from markdown-it's token map.

The parser reads Markdown as the site's Python-Markdown extensions do (mkdocs.yml
`markdown_extensions`), so text the site renders as code is never read for links, and the
body of an admonition is not taken for code. Raw HTML is read with the parser that reads
the built pages (checks/html_refs.py).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder

from sitegen import sitedata, tool_cache
from sitegen.checks import html_refs
from sitegen.checks.html_refs import RefParser

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# What reads each of mkdocs.yml's Markdown extensions here; a test fails on one not listed.
EXTENSIONS = {
    "admonition": "mdit_py_plugins.admon",
    "attr_list": "attr_list() below, with Python-Markdown's own patterns, on headings, paragraphs and cells",
    "md_in_html": "HTML blocks, read by RefParser",
    "tables": "markdown-it's table rule",
    "toc": "nothing: it only adds ids to headings, which carry explicit {#id}",
}


@dataclass
class Refs:
    links: list[tuple[int, str]] = field(default_factory=list)  # (line, target as written), in reading order
    ids: list[tuple[int, str]] = field(default_factory=list)  # (line, id) of each element carrying one


def read(path: Path) -> Refs:
    stat = Path(path).stat()
    return _read(Path(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)  # several checks read each page; an edit changes its mtime or size
def _read(path: Path, _mtime: int, _size: int) -> Refs:
    if path.suffix != ".md":  # a template or an HTML file copied as it is
        refs = Refs()
        html(sitedata.read_text(path), 1, refs)
        return refs
    page = sitedata.read_page(path)
    # The same text gives the same refs: parsing every page is most of `make build`'s source checks.
    found = tool_cache.cached("markdown-refs", [_code(), page.body, str(page.body_line)],
                              lambda: {"refs.json": json.dumps(asdict(tokens_refs(page.body, page.body_line)))
                                       .encode("utf-8")})
    kept = json.loads(found["refs.json"])
    return Refs([tuple(link) for link in kept["links"]], [tuple(ident) for ident in kept["ids"]])


@lru_cache(maxsize=1)
def _code() -> str:
    """What the refs depend on besides the text: this code, the HTML reader's, and the parsers' versions."""
    return tool_cache.key(Path(__file__).read_bytes(), Path(html_refs.__file__).read_bytes(),
                          metadata.version("markdown-it-py"), metadata.version("mdit-py-plugins"),
                          metadata.version("markdown"))


def tokens_refs(body: str, first_line: int) -> Refs:
    """The links and ids of a Markdown text whose first line is line `first_line` of its file."""
    env: dict = {}
    refs = Refs()
    for token in parser().parse(body, env):
        if token.type == "inline" and token.map:
            inline(token, first_line + token.map[0], refs)
        elif token.type == "html_block" and token.map:
            html(token.content, first_line + token.map[0], refs)
    refs.ids = sorted(refs.ids + [(first_line + line, ident) for line, ident in env.get("ids", ())])
    return refs


def inline(token, line: int, refs: Refs) -> None:
    for child in token.children or ():
        at = line + child.meta.get("breaks", 0)
        if child.type == "link_open":
            refs.links.append((at, child.attrs["href"]))
        elif child.type == "image":
            refs.links.append((at, child.attrs["src"]))
        elif child.type == "html_inline":
            html(child.content, at, refs)


def html(text: str, line: int, refs: Refs) -> None:
    """URLs and ids of raw HTML that starts on `line`."""
    found = RefParser()
    found.feed(text)
    found.close()
    refs.links += [(line + at - 1, url) for at, _tag, url in found.refs]
    refs.ids += [(line + at - 1, ident) for ident, lines in found.id_lines.items() for at in lines]


@lru_cache(maxsize=None)
def parser() -> MarkdownIt:
    # Imported here: the build imports this module (through the front-matter lint) but never
    # parses with markdown-it, and importing it costs every build 30-60 ms.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin

    md = MarkdownIt("commonmark").enable("table").use(admon_plugin)
    md.validateLink = lambda url: True  # Python-Markdown links javascript: too: the checks must see it
    md.normalizeLink = lambda url: url  # targets as written, as MkDocs' warnings quote them
    md.core.ruler.before("inline", "attr_list", attr_list)
    for rule in list(md.inline.ruler.__rules__):
        md.inline.ruler.at(rule.name, with_breaks(rule.fn))
    return md


def with_breaks(rule):
    """An inline rule that records, in each token it makes, the line breaks before it in its block."""

    def wrapped(state, silent):
        start, before = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent and len(state.tokens) > before:
            breaks = state.src.count("\n", 0, start)
            for token in state.tokens[before:]:
                token.meta.setdefault("breaks", breaks)  # tokens of a nested rule (a link's text) keep theirs
        return True

    return wrapped


def attr_list(state) -> None:
    """Python-Markdown's attr_list on block elements: `{#id}` ending a heading or a cell, or on a
    paragraph's last line. The attribute list is removed from the text, as the site renders it."""
    for opening, token in zip(state.tokens, state.tokens[1:]):
        if token.type != "inline" or opening.type not in {"heading_open", "paragraph_open", "th_open", "td_open"}:
            continue
        paragraph = opening.type == "paragraph_open"
        match = (AttrListTreeprocessor.BLOCK_RE if paragraph else AttrListTreeprocessor.HEADER_RE).search(token.content)
        if not match:
            continue
        attrs, rest = get_attrs_and_remainder(match[1])
        if rest:  # an extra `}`: Python-Markdown leaves it as text
            continue
        ident = dict(attrs).get("id")
        if ident:
            opening.attrSet("id", ident)
            state.env.setdefault("ids", []).append((token.map[0] + token.content.count("\n", 0, match.end()), ident))
        text = token.content[:match.start()]
        token.content = text if paragraph else text.rstrip("#").rstrip()
