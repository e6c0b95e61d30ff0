"""Fail the build, naming the file, when the docs tree is not one page set per language.

mkdocs-static-i18n runs with `fallback_to_default: false`, so a missing English
page would silently vanish from /en/. This check names every missing file instead,
and every folder that is not a language, file that is not UTF-8, and two files
that would publish at the same URL.
"""

from __future__ import annotations

from pathlib import Path

from sitegen import sitedata

NON_LANGUAGE_DIRS = {"_data"}


def page_sets(docs_dir: Path, languages: list[str]) -> dict[str, set[str]]:
    return {lang: {p.relative_to(docs_dir / lang).as_posix() for p in (docs_dir / lang).rglob("*.md")}
            for lang in languages}


def problems(docs_dir: Path, languages: list[str]) -> list[tuple[str, int, str]]:
    """(path, line, message) for unknown language folders, missing and orphan pages."""
    default, others = languages[0], languages[1:]
    out = [(f"docs/{d.name}/", 1, f"unknown language folder (languages: {', '.join(languages)})")
           for d in sorted(docs_dir.iterdir())
           if d.is_dir() and d.name not in languages and d.name not in NON_LANGUAGE_DIRS]
    for lang in languages:
        for path in sorted((docs_dir / lang).rglob("*.md")):
            try:
                sitedata.read_text(path)
            except sitedata.DataError as err:
                out.append((f"docs/{path.relative_to(docs_dir).as_posix()}", err.line, err.message))
        seen: dict[str, str] = {}
        for path in sorted((docs_dir / lang).rglob("*.md")):
            rel = path.relative_to(docs_dir / lang).as_posix()
            url = rel.removesuffix(".md").removesuffix("/index").removesuffix("index")
            if url in seen:
                out.append((f"docs/{lang}/{rel}", 1, f"publishes at the same URL as docs/{lang}/{seen[url]}"))
            seen.setdefault(url, rel)
    pages = page_sets(docs_dir, languages)
    for lang in others:
        out += [(f"docs/{lang}/{p}", 1, f"missing translation of docs/{default}/{p}")
                for p in sorted(pages[default] - pages[lang])]
        out += [(f"docs/{lang}/{p}", 1, f"no source page docs/{default}/{p}")
                for p in sorted(pages[lang] - pages[default])]
    return out
