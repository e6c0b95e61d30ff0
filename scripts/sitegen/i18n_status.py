"""`make i18n-status`: which translations are ok, missing, outdated, untranslated or orphaned.

A translation records the hash of the default-language file it was translated
from in its front matter (`translated_from:`), written by `make i18n-refresh`.
It is `outdated` once that source changes. A stub written by `make import` says
`translation: needed` and is `untranslated` until someone translates it and runs
`make i18n-refresh PAGE=<it>`, which removes the mark. Missing pages fail;
outdated and untranslated ones are listed.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from sitegen import sitedata, yaml_edit

KEY = "translated_from"
MARK = "translation"  # `translation: needed`


def needs_translation(path: Path) -> bool:
    return sitedata.read_page(path).meta.get(MARK) == "needed"


def source_hash(path: Path) -> str:
    return text_hash(sitedata.read_text(path))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def status(root: Path, languages: list[str]) -> list[tuple[str, str, str]]:
    """(page, language, state) rows, sorted; state is ok, missing, outdated, untranslated or orphan."""
    docs = root / "docs"
    default = languages[0]
    sources = {p.relative_to(docs / default).as_posix() for p in (docs / default).rglob("*.md")}
    # Imported into another language, a default-language page can be a stub too.
    rows = [(page, default, "untranslated") for page in sorted(sources) if needs_translation(docs / default / page)]
    for lang in languages[1:]:
        folder = docs / lang
        present = {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")} if folder.is_dir() else set()
        for page in sorted(sources | present):
            if page not in present:
                rows.append((page, lang, "missing"))
            elif page not in sources:
                rows.append((page, lang, "orphan"))
            elif needs_translation(folder / page):
                rows.append((page, lang, "untranslated"))
            else:
                # str(): a hash of only digits reads as a YAML number
                recorded = str(sitedata.read_page(folder / page).meta.get(KEY))
                rows.append((page, lang, "ok" if recorded == source_hash(docs / default / page) else "outdated"))
    return rows


def refresh(root: Path, languages: list[str], pages: list[str]) -> list[str]:
    """Record the current source hash in each translation of `pages` (all pages if empty).

    Naming a page also removes its `translation: needed` mark; refreshing all pages skips marked stubs.
    """
    docs, default, edits = root / "docs", languages[0], {}
    for lang in languages[1:]:
        for path in sorted((docs / lang).rglob("*.md")):
            page = path.relative_to(docs / lang).as_posix()
            source = docs / default / page
            if not source.exists() or (pages and page not in pages and f"docs/{lang}/{page}" not in pages):
                continue
            if not pages and needs_translation(path):
                continue  # a stub is not a translation: name it to mark it translated
            text = sitedata.read_text(path)
            new = yaml_edit.edit_front_matter(text, {KEY: source_hash(source)}, {MARK: "needed"},
                                              where=f"docs/{lang}/{page}")
            if new != text:
                edits[f"docs/{lang}/{page}"] = (path, new)
    for page in pages:  # a default-language stub (imported into another language) has no hash to record
        path = root / page
        if not (page.startswith(f"docs/{default}/") and path.is_file()):
            continue
        text = sitedata.read_text(path)
        new = unmark(text, where=page)
        if new != text:
            edits[page] = (path, new)
    # Written once every edit is known to be good: a bad page leaves every file as it was.
    for path, new in edits.values():
        path.write_text(new, encoding="utf-8")
    return list(edits)


def unmark(text: str, where: str = "page") -> str:
    """The page without its `translation: needed` front-matter key."""
    return yaml_edit.edit_front_matter(text, remove={MARK: "needed"}, where=where)


def main(root: Path, refresh_pages: list[str] | None = None, out=sys.stdout) -> int:
    languages = sitedata.config_languages(root / "mkdocs.yml")
    if refresh_pages is not None:
        for page in refresh(root, languages, refresh_pages):
            print(f"recorded source hash in {page}", file=out)
    rows = status(root, languages)
    width = max([len(r[0]) for r in rows] + [4])
    print(f"{'page':<{width}}  language  state", file=out)
    for page, lang, state in rows:
        print(f"{page:<{width}}  {lang:<8}  {state}", file=out)
    counts = {s: sum(1 for r in rows if r[2] == s) for s in ("ok", "outdated", "untranslated", "missing", "orphan")}
    print(", ".join(f"{n} {s}" for s, n in counts.items()), file=out)
    return 1 if counts["missing"] or counts["orphan"] else 0
