"""Links and ids in Markdown sources with their lines, for the checks' `file:line: message`.

The lines come from the Markdown parser's token map (checks/markdown_tokens.py), never from
searching the text: link syntax in code is not a link, and a link in an admonition is one.
"""

from __future__ import annotations

from pathlib import Path

from sitegen import sitedata
from sitegen.checks import markdown_tokens


def links(path: Path):
    """(line, target) for every link, image and HTML URL of a Markdown file, as written, in reading order.

    A reference-style link is at the line where it is used. Bare URLs are text on this site
    (no extension links them), so they are not links."""
    yield from markdown_tokens.read(path).links


def names_of(target: str) -> set[str]:
    """What a link in a built page keeps of a source target: the target, its #fragment, and the name of
    what it points to (`x.md`, `x`, `x/` and `x/index.md` all name `x`; `x.pdf` names `x.pdf`)."""
    path, _, fragment = target.partition("#")
    path = path.partition("?")[0].rstrip("/").removesuffix("/index.md")
    name = path.rsplit("/", 1)[-1]
    return {target, name, name.removesuffix(".md"), f"#{fragment}" if fragment else ""} - {""}


def line_of(path: Path, needle: str, default: int = 1) -> int:
    """Line of the link in a source file that a problem in the built output is about: the first whose
    target is `needle`, else the first that `needle` names (see names_of). `default` when none is:
    the link came from a template or a data file."""
    try:
        found = markdown_tokens.read(path).links
    except (OSError, sitedata.DataError):
        return default
    exact = next((line for line, target in found if target == needle), None)
    return exact or next((line for line, target in found if needle in names_of(target)), default)


def id_line(path: Path, ident: str, default: int = 1) -> int:
    """Line of the element that repeats id `ident` in a source: the second one carrying it (an attribute
    list or an HTML `id`), or its only one when the other copy comes from the template."""
    try:
        lines = [line for line, found in markdown_tokens.read(path).ids if found == ident]
    except (OSError, sitedata.DataError):
        return default
    return lines[1] if len(lines) > 1 else lines[0] if lines else default
