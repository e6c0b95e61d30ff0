"""`make pdf`: dist/<id>-<lang>.pdf per language, every lesson in course order, via headless Chromium.

The first lesson page is opened with print media; the articles of the other
lessons are fetched and appended to it (links made absolute), so the PDF is the
site's own print stylesheet applied to the whole course.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import sitebuild
import sitedata
from chromium import ARGS, PATH as CHROMIUM
from siteserver import SiteServer

ROOT = Path(__file__).resolve().parent.parent

APPEND_LESSONS = """async (urls) => {
  const main = document.querySelector("article.md-content__inner");
  for (const url of urls) {
    const html = await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    const article = doc.querySelector("article.md-content__inner");
    // hrefs become absolute for the combined page; data-print-url (hooks/print_urls.py) keeps the public URL.
    article.querySelectorAll("[href]").forEach(a => a.setAttribute("href", new URL(a.getAttribute("href"), url).href));
    article.style.breakBefore = "page";
    main.after(article);
  }
}"""


def render(base: str, lang: str, data: sitedata.SiteData, dist: Path, browser) -> Path:
    target = dist / f"{data.campaign['id']}-{lang}.pdf"
    prefix = "" if lang == data.default else f"{lang}/"
    urls = [f"{base}{prefix}lessons/{slug}/" for slug in data.ordered_lessons()]
    page = browser.new_page()
    page.goto(urls[0])
    page.evaluate(APPEND_LESSONS, urls[1:])
    page.emulate_media(media="print")
    partial = target.with_suffix(".pdf.part")
    page.pdf(path=str(partial), format="A4", print_background=True,
             margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
             display_header_footer=True, header_template="<span></span>",
             footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                             '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
    partial.replace(target)
    page.close()
    return target


def build_pdfs(root: Path = ROOT, dist: Path | None = None, browser=None) -> list[Path]:
    """One PDF per language; `browser` is an open Playwright browser, or one is started here."""
    from playwright.sync_api import sync_playwright
    dist = dist or root / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    data = sitedata.load(root / "docs")
    languages = data.languages
    site = sitebuild.temp_site(root / ".pdf-site")
    try:
        result = sitebuild.build_into(root / "mkdocs.yml", site)
        if result.returncode:
            sitebuild.report_failure(result, root)
            return []
        written = []
        with SiteServer(site, languages[1:]) as base:
            if browser is None:
                with sync_playwright() as pw:
                    own = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                    written = [render(base, lang, data, dist, own) for lang in languages]
                    own.close()
            else:
                written = [render(base, lang, data, dist, browser) for lang in languages]
        return written
    finally:
        shutil.rmtree(site, ignore_errors=True)


def main() -> int:
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: `make pdf` installs Debian's chromium when run as root", file=sys.stderr)
        return 1
    written = build_pdfs()
    for path in written:
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")
    return 0 if written else 1
