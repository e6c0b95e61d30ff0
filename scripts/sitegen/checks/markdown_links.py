"""Find links in Markdown sources with their line numbers."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen import sitedata

# A target may hold one level of parentheses, as `javascript:alert(1)` or a Wikipedia URL does.
INLINE = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)>?(?:\s+\"[^\"]*\")?\s*\)")
AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
HTML_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)
BARE_URL = re.compile(r"(?<![(<\"'])\bhttps?://[^\s)>\]）]+")


def links(path: Path):
    """(line, target) for every link target in a Markdown file, outside code."""
    page = sitedata.read_page(path)
    fenced = False
    for number, line in enumerate(page.body.splitlines(), page.body_line):
        if sitedata.FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        text = re.sub(r"`[^`]*`", "", line)
        for pattern in (INLINE, AUTOLINK, HTML_ATTR, BARE_URL):
            for match in pattern.finditer(text):
                yield number, match[1] if pattern is not BARE_URL else match[0]


def line_of(path: Path, needle: str, default: int = 1) -> int:
    """First line of a source file containing `needle`, for mapping built output back to it."""
    try:
        for number, line in enumerate(sitedata.read_text(path).splitlines(), 1):
            if needle in line:
                return number
    except (OSError, sitedata.DataError):
        pass
    return default


def id_line(path: Path, ident: str, default: int = 1) -> int:
    """Line of the element that repeats id `ident` in a source: its second `{#ident}` (attr_list) or
    `id="ident"`, or its only one when the other copy comes from the template."""
    pattern = re.compile(rf"""\{{:?[^}}\n]*#{re.escape(ident)}(?=[\s}}])|\bid\s*=\s*["']?{re.escape(ident)}(?=["'\s>])""")
    try:
        lines = [n for n, line in enumerate(sitedata.read_text(path).splitlines(), 1) if pattern.search(line)]
    except (OSError, sitedata.DataError):
        return default
    return lines[1] if len(lines) > 1 else lines[0] if lines else default
