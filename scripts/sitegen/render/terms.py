"""Explain each term of art at its first use on a page (docs/_data/glossary.yml).

Runs on the page's HTML (after Markdown), so Markdown syntax never hides a term. The
first use in running text gets its one-line explanation: shown on hover, on keyboard
focus and on a tap (a tap focuses the term; no script is needed), read inline by
screen readers, printed inline on paper, and kept out of the search index. Headings,
links, code and generated blocks (`data-search-exclude`) are left alone: a term there
is explained at its next use in the text.

Matching every term against every run of text is a tenth of a build, and the same page
with the same glossary gives the same result: it is kept under their hash (sitegen.tool_cache).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from sitegen import glossary, tool_cache

TAG = re.compile(r"<!--.*?-->|<[^>]+>", re.S)
NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")
# Where an explanation cannot go: it would be a link's text, a title, code, or a list we generate.
SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "script", "style", "abbr", "button",
        "summary", "label", "textarea", "select", "option", "title", "svg", "math"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def explained(data, lang: str, content: str) -> str:
    """`content` with each glossary term's first use in running text explained."""
    match = glossary.matcher(data, lang)
    if not match.terms:
        return content
    open_sep, close_sep = _brackets(data, lang)
    parts = [_code(), match.version, open_sep, close_sep, content]
    return tool_cache.cached("terms", parts, lambda: {"page.html": _explain(content, match, open_sep, close_sep)
                                                      .encode("utf-8")})["page.html"].decode("utf-8")


@lru_cache(maxsize=1)
def _code() -> str:
    return tool_cache.key(Path(__file__).read_bytes(), Path(glossary.__file__).read_bytes())


def _explain(content: str, match, open_sep: str, close_sep: str) -> str:
    out, stack, done, last = [], [], set(), 0
    for tag in TAG.finditer(content):
        out.append(_text(content[last:tag.start()], stack, match, done, open_sep, close_sep))
        out.append(tag[0])
        last = tag.end()
        _track(tag[0], stack)
    out.append(_text(content[last:], stack, match, done, open_sep, close_sep))
    return "".join(out)


def _brackets(data, lang) -> tuple[str, str]:
    around = data.t(lang, "paren", x="\0")  # "（{x}）" or " ({x})": the language's own brackets
    before, _, after = around.partition("\0")
    return before, after


def _track(tag: str, stack: list) -> None:
    if tag.startswith("<!--") or tag.endswith("/>"):
        return
    name = NAME.match(tag)
    if not name:
        return
    name = name[1].lower()
    if tag.startswith("</"):
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == name:
                del stack[depth:]
                break
    elif name not in VOID:
        stack.append((name, name in SKIP or "data-search-exclude" in tag or 'class="term' in tag))


def _text(text: str, stack, match, done, open_sep, close_sep) -> str:
    # Text with entities is left as it is: offsets in it would not be offsets in the page (rare in prose).
    if not text or "&" in text or any(skip for _, skip in stack):
        return text
    out, last = [], 0
    for start, end, term in match.find(text):
        if term.id in done:
            continue
        done.add(term.id)
        out += [text[last:start], _markup(text[start:end], term, open_sep, close_sep)]
        last = end
    return "".join(out) + text[last:]


def _markup(shown: str, term: glossary.Term, open_sep: str, close_sep: str) -> str:
    return (f'<span class="term" tabindex="0">{shown}<span class="term__def" data-search-exclude>'
            f'{html.escape(open_sep)}{html.escape(term.short)}{html.escape(close_sep)}</span></span>')
