"""Every rule a page names is in that page's sources list.

A reader who is told "第一百九十五条 says so" must find that article under "Sources",
with where its official text is published. So each law named in a page's text, each
article number and each document number must appear in the name of one of the page's
sources (docs/_data/references.yml, listed per page in `sources:`).

How a language writes these is data: `citation_title`, `citation_article` and
`citation_document` in overrides/locales/strings.yml, regular expressions with named
groups. Every language's patterns are applied to every page, because a translated
page often quotes the original name of a law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitegen import numerals, records, sitedata
from sitegen.checks import Problem
from sitegen.checks.reviews import declarations, page_file

KINDS = ("title", "article", "document")
COMMENT = re.compile(r"<!--.*?-->", re.S)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
# Parts of a name that texts leave out: the state's full name, spaces.
OMITTED = re.compile(r"中华人民共和国|\s+")


@dataclass(frozen=True)
class Mention:
    kind: str  # title, article or document
    shown: str  # as written
    title: str = ""  # normalised law name (title; an article right after a title carries it too)
    numbers: frozenset = frozenset()  # article numbers ("195", "293-1") or document keys ("2015/17")


def patterns(data: sitedata.SiteData) -> list[tuple[str, re.Pattern]]:
    out = []
    for lang in data.languages:
        table = data.strings.get(lang) or {}
        out += [(kind, re.compile(table[f"citation_{kind}"])) for kind in KINDS if table.get(f"citation_{kind}")]
    return out


def normal_title(text: str) -> str:
    return OMITTED.sub("", text)


def _article_numbers(match: re.Match) -> frozenset:
    sub = match.groupdict().get("sub")
    sub = numerals.to_int(sub) if sub else None
    out = set()
    for part in re.split(r"[^0-9\-〇零一二三四五六七八九十百千两]+", match["n"]):
        main, _, tail = part.partition("-")
        number = numerals.to_int(main)
        if number is None:
            continue
        suffix = tail or (str(sub) if sub else "")
        out.add(f"{number}-{suffix}" if suffix else str(number))
    return frozenset(out)


def mentions(text: str, pats) -> list[Mention]:
    """The laws, articles and document numbers named in one line of text, in order."""
    found = []
    for kind, pattern in pats:
        for match in pattern.finditer(text):
            if kind == "title":
                found.append((match.start(), match.end(), Mention(kind, match[0], normal_title(match["title"]))))
            elif kind == "article":
                found.append((match.start(), match.end(), Mention(kind, match[0], numbers=_article_numbers(match))))
            else:
                key = f"{match['year']}/{int(match['n'])}"
                found.append((match.start(), match.end(), Mention(kind, match[0], numbers=frozenset({key}))))
    found.sort(key=lambda item: item[0])
    out = []
    for i, (start, end, mention) in enumerate(found):
        # 《民法典》第一百九十五条: the article belongs to the law named just before it.
        if mention.kind == "article" and i and found[i - 1][2].kind == "title" and text[found[i - 1][1]:start].strip() == "":
            mention = Mention("article", found[i - 1][2].shown + mention.shown, found[i - 1][2].title, mention.numbers)
        out.append(mention)
    return out


@dataclass(frozen=True)
class Source:
    names: tuple  # normalised names, every language
    articles: frozenset
    documents: frozenset


def source_of(ref: dict, data: sitedata.SiteData, pats) -> Source:
    names = [str(data.local(ref, lang)) for lang in data.languages]
    found = [m for name in names for m in mentions(name, pats)]
    return Source(tuple(normal_title(n) for n in names),
                  frozenset().union(*[m.numbers for m in found if m.kind == "article"]),
                  frozenset().union(*[m.numbers for m in found if m.kind == "document"]))


def covered(mention: Mention, sources: list[Source]) -> bool:
    if mention.kind == "title":
        return any(mention.title in name for s in sources for name in s.names)
    if mention.kind == "document":
        return any(mention.numbers <= s.documents for s in sources)
    return any(mention.numbers <= s.articles and (not mention.title or any(mention.title in n for n in s.names))
               for s in sources)


def prose_lines(page: records.Page, keep_links: bool = False):
    """(line, text) of a page body outside code fences and HTML comments, link targets removed
    unless `keep_links`."""
    body = COMMENT.sub(lambda m: "\n" * m[0].count("\n"), page.body)
    fenced = False
    for number, line in enumerate(body.splitlines(), page.body_line):
        if records.FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            yield number, line if keep_links else LINK_TARGET.sub("]", line)


def problems(root: Path, data: sitedata.SiteData) -> list[Problem]:
    pats = patterns(data)
    cache: dict[str, Source] = {}
    out = []
    for kind, ident, entry, rel, _marks, _at in declarations(root, data):
        if entry.get("draft"):
            continue  # imported text quotes its article as it came; checked once an editor writes it
        ids = entry.get("sources") or []
        sources = [cache.setdefault(i, source_of(data.reference(i), data, pats)) for i in ids if data.reference(i)]
        where = f"`sources:` of its entry in {rel}" if kind in ("topic", "question") else \
            f"`sources:` in the front matter of {rel}"
        for lang in data.languages:
            path = page_file(root, lang, kind, ident)
            if not path.exists():
                continue  # reported as a missing page
            shown, seen = path.relative_to(root).as_posix(), set()
            for number, line in prose_lines(sitedata.read_page(path)):
                for mention in mentions(line, pats):
                    if mention in seen or covered(mention, sources):
                        continue
                    seen.add(mention)
                    out.append(Problem(shown, number, "citation",
                                       f"names {mention.shown}, which is not in this page's sources: add the reference "
                                       f"(docs/_data/references.yml) to {where}"))
    return out
