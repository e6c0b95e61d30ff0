"""Terms of art (docs/_data/glossary.yml), found in running text in any language.

Markdown's `abbr` extension matches only between word boundaries, and Chinese puts
none between words, so a term inside a Chinese sentence would never be found. Here a
term written in CJK characters matches anywhere; one that begins or ends with a
Latin letter or digit matches only as a whole word (so "LPR" is not found in "LPRs").
Where terms overlap (失信被执行人 contains 被执行人), the longest match wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitegen import sitedata

FILE = "glossary.yml"


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    short: str
    forms: tuple  # the term and its other spellings, longest first (then in code-point order: the same in every process)


def load(data: sitedata.SiteData) -> dict[str, list[Term]]:
    """lang -> terms; empty when the campaign has no glossary."""
    return _read(data)[0]


def matcher(data: sitedata.SiteData, lang: str) -> "Matcher":
    return _read(data)[1].get(lang) or Matcher([])


def _read(data: sitedata.SiteData):
    path = data.docs_dir / "_data" / FILE
    if not path.exists():
        return {}, {}
    stat = path.stat()  # an edit (under `make serve`) changes its mtime or size: read again
    return _parsed(path, stat.st_mtime_ns, stat.st_size, tuple(data.languages))


@lru_cache(maxsize=4)
def _parsed(path: Path, _mtime: int, _size: int, languages: tuple):
    """(lang -> terms, lang -> Matcher), read and checked once per version of the file."""
    from sitegen import schemas
    raw = sitedata.load_checked(path, schemas.glossary(list(languages)), f"docs/_data/{FILE}")["terms"]
    terms = {lang: [Term(t["id"], t[lang]["term"], t[lang]["short"],
                         tuple(sorted({t[lang]["term"], *t[lang].get("also", [])}, key=lambda f: (-len(f), f))))
                    for t in raw] for lang in languages}
    return terms, {lang: Matcher(found) for lang, found in terms.items()}


# A whole word where the term starts or ends with a letter or digit of a spaced script.
# (Not \w: a CJK character next to "LPR" is a boundary, as in 四倍LPR.)
SPACED = re.compile(r"[A-Za-z0-9]")
HEAD, TAIL = r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])"


def _pattern(forms: list[str]) -> str:
    """One regex for every form, as a tree of shared beginnings: a plain alternation of a hundred
    terms is tried term by term at every character of every page. At each step the text picks one
    branch, and a longer form is tried before the shorter one it extends, so the longest wins."""
    tree: dict = {}
    for form in forms:
        node = tree
        for char in form:
            node = node.setdefault(char, {})
        node[""] = True  # a form ends here

    def branch(node: dict, last: str) -> str:
        ways = [re.escape(char) + branch(node[char], char) for char in sorted(node) if char]
        if "" in node:  # last: the longer forms first
            ways.append(TAIL if SPACED.match(last) else "")
        return ways[0] if len(ways) == 1 else "(?:" + "|".join(ways) + ")"

    return "|".join((HEAD if SPACED.match(char) else "") + re.escape(char) + branch(tree[char], char)
                    for char in sorted(tree))


class Matcher:
    def __init__(self, terms: list[Term]):
        self.terms = terms
        self.by_form = {}
        for term in terms:
            for form in term.forms:
                self.by_form.setdefault(form.lower(), term)
        self.regex = re.compile(_pattern(list(self.by_form)), re.I) if self.by_form else None
        self.version = repr(terms)  # what it finds depends on nothing else (a cache key, sitegen.render.terms)

    def find(self, text: str):
        """(start, end, Term) of every term in `text`, left to right, never overlapping; longest first."""
        if not self.regex:
            return []
        return [(m.start(), m.end(), self.by_form[m[0].lower()]) for m in self.regex.finditer(text)]
