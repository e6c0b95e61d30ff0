"""`make import-check`: every chapter and topic line of every source has a page that names it,
and every page's claim still matches its source.

Sources are the files pages name (lesson `source.file`, topic `source.file`) and
every file in docs/_data/sources/. A lesson's `lines: a-b` must be exactly its
chapter's lines, a..b, with `# <heading>` on line a; a topic's `line` must hold
`<prefix>丨<alias>`. Stale claims are reported where the claim is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sitegen import sitedata
from sitegen import source_article
from sitegen import source_claims
from sitegen.checks import Problem
from sitegen.source_claims import SOURCES_DIR, TOPICS_FILE

KIND = "import"


def problems(root: Path, default: str) -> list[Problem]:
    out: list[Problem] = []
    try:
        lessons = source_claims.lesson_claims(root, default)
        topics = source_claims.topic_claims(root)
    except sitedata.DataError as err:  # the content lint reports it too, with the same file and line
        return [Problem(source_claims.shown(root, Path(err.path)), err.line, KIND, err.message)]
    refs = {c.file for c in lessons} | {c.file for c in topics}
    refs |= {source_claims.source_ref(root, p) for p in sorted((root / SOURCES_DIR).glob("*"))
             if p.is_file() and not p.name.startswith(".")}
    articles = {}
    for ref in sorted(refs):
        path = source_claims.resolve_ref(root, ref)
        if not path.is_file():
            continue  # reported at each claim below
        try:
            articles[ref] = source_article.parse(path, source_claims.shown(root, path))
        except source_article.ArticleError as err:
            out += [Problem(e.path, e.line, KIND, e.message) for e in err.errors]

    for claim in lessons:
        where = f"lesson '{claim.slug}'"
        out += _claim_file(root, claim.file, claim.page, claim.line, where, articles)
        article = articles.get(claim.file)
        if article is None or claim.heading is None:  # no heading: the front-matter lint names it
            continue
        shown = source_claims.shown(root, article.path)
        chapter = next((c for c in article.chapters if c.heading == claim.heading), None)
        if chapter is None:
            out.append(Problem(claim.page, claim.line, KIND,
                               f"{where}: source.heading '{claim.heading}' is not a chapter heading of {shown}"))
        elif claim.lines != chapter.lines:
            out.append(Problem(claim.page, claim.line, KIND,
                               f"{where}: source.lines is {claim.lines} but chapter '{chapter.heading}' is "
                               f"{shown}:{chapter.lines} (`# {chapter.heading}` on line {chapter.line})"))
    for claim in topics:
        where = f"topic '{claim.ident}'"
        out += _claim_file(root, claim.file, TOPICS_FILE, claim.line, where, articles)
        article = articles.get(claim.file)
        if article is None or claim.alias is None:
            if claim.alias is None:
                out.append(Problem(TOPICS_FILE, claim.line, KIND, f"{where}: names a source line but has no alias"))
            continue
        shown = source_claims.shown(root, article.path)
        line = next((t for t in article.topics if t.title == claim.alias), None)
        if line is None:
            out.append(Problem(TOPICS_FILE, claim.line, KIND,
                               f"{where}: alias '{claim.alias}' is not a related-topic line of {shown}"))
        elif claim.source_line != line.line:
            out.append(Problem(TOPICS_FILE, claim.line, KIND,
                               f"{where}: source.line is {claim.source_line} but {shown}:{line.line} "
                               f"holds '{line.prefix}丨{line.title}'"))

    for ref, article in articles.items():
        shown = source_claims.shown(root, article.path)
        out += _coverage(shown, "chapter", [c.heading for c in article.chapters], [c.line for c in article.chapters],
                         [(c.heading, c.page, c.line, c.page) for c in lessons if c.file == ref and c.heading],
                         "lesson")
        out += _coverage(shown, "topic line", [t.title for t in article.topics], [t.line for t in article.topics],
                         [(c.alias, TOPICS_FILE, c.line, f"topic '{c.ident}'") for c in topics
                          if c.file == ref and c.alias is not None], "topic")
    return out


def _coverage(shown: str, what: str, items: list[str], lines: list[int], claims, page_kind: str) -> list[Problem]:
    """Each source item named by exactly one page; claims are (item, page, line, who)."""
    out, claimed = [], {}
    for item, page, line, who in claims:
        if item in claimed:
            out.append(Problem(page, line, KIND, f"{what} '{item}' of {shown} is already named by {claimed[item]}"))
        claimed.setdefault(item, who)
    for item, line in zip(items, lines):
        if item not in claimed:
            out.append(Problem(shown, line, KIND, f"{what} '{item}' has no {page_kind}: run `make import SOURCE={shown}`"))
    return out


def _claim_file(root: Path, ref: str, page: str, line: int, where: str, articles: dict) -> list[Problem]:
    if source_claims.resolve_ref(root, ref).is_file():
        return []
    return [Problem(page, line, KIND, f"{where}: source file '{ref}' not found (paths are relative to docs/, "
                                      f"or to the repository when outside docs/)")]


def main(root: Path, out=sys.stdout) -> int:
    try:
        default = sitedata.config_languages(root / "mkdocs.yml")[0]
    except sitedata.DataError as err:
        print(err, file=out)
        return 1
    found = sorted(set(problems(root, default)))
    for problem in found:
        print(problem, file=out)
    print(f"{len(found)} problems" if found else "every chapter and topic line has a page that names it", file=out)
    return 1 if found else 0
