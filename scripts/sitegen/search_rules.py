"""Search rules per language (docs/_data/search/<lang>.yml): stop words and synonyms.

The same rules apply on both sides, so a reader's short form finds the page that
uses the long one, and the other way round:
- at build time (here), a page section that contains a synonym's key is also
  indexed under the key's terms, in a `keywords` field the results never show;
- at query time (assets/javascripts/site.js), the rules travel inside the index's
  `config.rules`: stop words are dropped from the query and keys add their terms.
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+")
KEYWORDS_BOOST = 1.0  # like text: a synonym matches as the page's own words would, no more
ALIASES_BOOST = 100.0  # a question's other phrasings (questions.yml `aliases`): above text, far below the title


def normalized(rules: dict) -> dict:
    """Rules as both sides compare them (see `normalize`); sitedata loads and validates the file."""
    return {"stopwords": [normalize(w) for w in rules.get("stopwords", [])],
            "synonyms": {normalize(k): [normalize(v) for v in vs] for k, vs in rules.get("synonyms", {}).items()}}


def normalize(text: str) -> str:
    """What both sides compare: full-width forms folded, lower case, no zero-width spaces."""
    return unicodedata.normalize("NFKC", text).lower().replace("\u200b", "")


def contains(text: str, key: str) -> bool:
    """`key` in `text`; a key in Latin letters must be whole words (`apr` is not in `April`)."""
    return _matcher(key)(text)


@lru_cache(maxsize=None)
def _matcher(key: str):
    """How to find `key`: a substring test for Chinese, a whole-word search for Latin letters
    (built once per key: the index has a thousand sections and every one is tested)."""
    if HAN.search(key):
        return lambda text: key in text
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])")
    return lambda text: pattern.search(text) is not None


def keywords(text: str, rules: dict) -> list[str]:
    """The terms a section is also indexed under: those of every synonym key it contains."""
    plain = normalize(re.sub(r"<[^>]+>", " ", text))
    out = []
    for key, terms in rules["synonyms"].items():
        if contains(plain, key):
            out += [t for t in terms if t not in out and not contains(plain, t)]
    return out


def segment(text: str) -> str:
    """Cut Chinese runs into words the way the theme's search plugin does (zero-width spaces)."""
    cut = _jieba_cut()
    if cut is None:
        return text
    return HAN.sub(lambda m: "\u200b".join(cut(m[0])), text)


@lru_cache(maxsize=1)
def _jieba_cut():
    """jieba's cut, imported at first use: the theme segments Chinese with jieba when it is installed, and
    keywords follow the same cut. Importing it (pkg_resources with it) cost every command a twentieth of a
    second, though only pages not cut before need it."""
    try:
        import jieba  # noqa: PLC0415
    except ImportError:  # pragma: no cover - jieba is pinned in requirements.txt
        return None
    return jieba.cut


def apply(index: dict, rules: dict) -> dict:
    """Add `keywords` to the sections that need them, and the rules for the query side."""
    rules = normalized(rules)
    for doc in index["docs"]:
        found = keywords(f"{doc.get('title', '')} {doc.get('text', '')}", rules)
        if found:
            doc["keywords"] = segment(" ".join(found))
    index["config"]["fields"] = {**index["config"]["fields"], "keywords": {"boost": KEYWORDS_BOOST}}
    index["config"]["rules"] = rules
    return index


def add_aliases(index: dict, aliases: dict[str, list[str]]) -> dict:
    """Index each page under the phrasings readers type for it. Only the page's own entry (not each
    section) carries them, weighed above its text and well below its title: an alias shares common
    words (网贷, loan) with many questions, and must not outrank a page whose title answers the query."""
    for doc in index["docs"]:
        phrases = aliases.get(doc["location"])
        if phrases:
            doc["aliases"] = segment(normalize(" ".join(phrases)))
    index["config"]["fields"] = {**index["config"]["fields"], "aliases": {"boost": ALIASES_BOOST}}
    return index
