"""Which files the site offers for download, and where: one list for the pages and the writer.

sitegen.downloads writes these files into the built site; the downloads page,
the teachers' guide and each lesson link to them through this list, so a link and
its file can never disagree.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = "downloads"


def lesson_pdf(slug: str) -> str:
    return f"{FOLDER}/lessons/{slug}.pdf"


COURSE_PDF = f"{FOLDER}/lessons.pdf"


def tool_pages(docs_dir: Path, lang: str) -> list[Path]:
    """The worksheets and templates: every page of tools/ but its index and the calculator."""
    return [p for p in sorted((Path(docs_dir) / lang / "tools").glob("*.md"))
            if p.name != "index.md" and "{#calculator}" not in p.read_text(encoding="utf-8")]


def tool_pdf(page: Path) -> str:
    return f"{FOLDER}/tools/{page.stem}.pdf"


def offline_zip(campaign: dict) -> str:
    """One pack for every language, under the default language's downloads folder."""
    return f"{FOLDER}/{campaign['id']}-offline.zip"
