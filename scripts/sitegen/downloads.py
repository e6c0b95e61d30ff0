"""The downloads published with the site, for teachers and readers without a terminal.

Written into the built site, under each language's `downloads/` folder:
- `lessons/<slug>.pdf`: each lesson with a cover, a table of contents, the licence and
  the date, the lesson, and its teaching materials from the teachers' guide;
- `lessons.pdf`: the whole course in one file, in the same form;
- `tools/<slug>.pdf`: each worksheet and template, ready to print on A4;
- and, once for all languages, `downloads/<id>-offline.zip`: the site for use from
  file://, with a READ-ME file at its top that says which page to open.

Every file is printed by headless Chromium from the built site, with the site's own
print stylesheet, and written under a temporary name first: a failed run leaves no
half-written file behind. The same site printed again the same day gives the same
PDFs: they are kept in the tool cache under a hash of every file of the site.
"""

from __future__ import annotations

import datetime
import html
import shutil
import subprocess
import sys
import zipfile
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote

from sitegen.render import blocks
from sitegen import download_plan as plan
from sitegen.render.content import has_teacher_materials
from sitegen import build as sitebuild
from sitegen import sitedata, tool_cache
from sitegen.chromium import PATH as CHROMIUM, PLAYWRIGHT_ARGS
from sitegen.static_server import SiteServer

# The print document: open every collapsed section, add a cover and a table of
# contents, and append other pages' articles (a lesson's teaching materials, or
# the other lessons of the course) with their links made absolute.
COMPOSE = """async ({cover, extra, local, published}) => {
  const main = document.querySelector("article.md-content__inner");
  for (const {url, selector} of extra) {
    const doc = new DOMParser().parseFromString(await (await fetch(url)).text(), "text/html");
    const part = selector ? doc.querySelector(selector) : doc.querySelector("article.md-content__inner");
    if (!part) throw new Error("no " + (selector || "article") + " in " + url);
    part.querySelectorAll("[href]").forEach(a => a.setAttribute("href", new URL(a.getAttribute("href"), url).href));
    const block = document.createElement("section");
    block.className = "print-part";
    block.append(...(selector ? [part.cloneNode(true), ...siblingsOf(part)] : [part]));
    main.append(block);
  }
  function siblingsOf(heading) {  // a teachers'-guide section: its heading and what follows, to the next one
    const out = [];
    for (let el = heading.nextElementSibling; el && !/^H[1-3]$/.test(el.tagName); el = el.nextElementSibling)
      out.push(el.cloneNode(true));
    return out;
  }
  document.querySelectorAll("details").forEach(d => d.open = true);
  const toc = [...main.querySelectorAll("h1, h2, .print-part > h3")].filter(h => h.id && !h.closest(".cover"));
  const holder = document.createElement("div");
  holder.innerHTML = cover;
  const list = holder.querySelector(".print-toc ol");
  toc.forEach(h => {
    const li = document.createElement("li");
    li.textContent = h.textContent.replace("¶", "").trim();
    if (h.tagName === "H1") li.className = "print-toc__part";
    list.append(li);
  });
  main.prepend(...holder.children);
  document.title = holder.dataset.title || document.querySelector(".cover h1").textContent;
  // The pages were read from a local server: their links go to the published site instead. A link
  // within the page stays one (a jump inside the PDF).
  document.querySelectorAll("a[href]").forEach(a => {
    if (!a.getAttribute("href").startsWith("#") && a.href.startsWith(local))
      a.setAttribute("href", published + a.href.slice(local.length));
  });
}"""
PRINT_CSS = """
.cover { break-after: page; min-height: 240mm; display: flex; flex-direction: column; justify-content: center; }
.cover h1 { font-size: 2.2em; margin: 0 0 .5em; }
.cover p { margin: .3em 0; }
.print-toc { break-after: page; }
.print-toc__part { font-weight: 700; margin-top: .6em; }
.print-part { break-before: page; }
.help-strip, .md-banner, .review-note a, .lesson-header__pdf { display: none !important; }
"""


def cover(data, lang: str, title: str, subtitle: str, today: datetime.date) -> str:
    t = data.translator(lang)
    licence = data.campaign["licence"]
    site_name = next(e["site_name"] for e in data.campaign["languages"] if e["locale"] == lang)
    return (f'<div data-title="{html.escape(title)}"><div class="cover"><p>{html.escape(site_name)}</p>'
            f"<h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p>"
            f"<p>{t('pdf_printed')}{t('colon')}{blocks.format_date(data, lang, today)}</p>"
            f"<p>{html.escape(t('pdf_licence', licence=licence['name'], holder=data.local(licence['holder'], lang)))}"
            f" {html.escape(licence['url'])}</p>"
            f"<p>{html.escape(data.campaign['site_url'])}{data.prefix(lang)}</p></div>"
            f'<div class="print-toc"><h2>{t("pdf_contents")}</h2><ol></ol></div></div>')


def print_pdf(page, base: str, data, path: str, target: Path, cover_html: str, extra: list[dict]) -> Path:
    """The page at `path` (under the local server's `base`), composed and printed to `target`."""
    page.goto(base + path)
    page.add_style_tag(content=PRINT_CSS)
    page.evaluate(COMPOSE, {"cover": cover_html, "extra": extra, "local": base, "published": data.campaign["site_url"]})
    page.emulate_media(media="print")
    return put(target, page.pdf(format="A4", print_background=True, outline=True, tagged=True,
                                margin={"top": "16mm", "bottom": "16mm", "left": "15mm", "right": "15mm"},
                                display_header_footer=True, header_template="<span></span>",
                                footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                                                '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'))


def lesson_pdfs(page, base: str, site: Path, data, lang: str, today: datetime.date) -> list[Path]:
    t = data.translator(lang)
    prefix = data.prefix(lang)
    written = []
    slugs = [lesson.slug for lesson in data.lessons]
    for lesson in data.lessons:
        slug = lesson.slug
        # A draft has no teaching materials yet, so the teachers' guide has no section for it.
        materials = ([{"url": f"{base}{prefix}teachers/", "selector": f"#lesson-{slug}"}]
                     if has_teacher_materials(lesson.meta(lang)) else [])
        written.append(print_pdf(page, base, data, f"{prefix}lessons/{slug}/", site / prefix / plan.lesson_pdf(slug),
                                 cover(data, lang, lesson.title(lang), t("lesson_label", n=lesson.order), today),
                                 materials))
    title = t("pdf_course")
    others = [{"url": f"{base}{prefix}lessons/{slug}/", "selector": None} for slug in slugs[1:]]
    written.append(print_pdf(page, base, data, f"{prefix}lessons/{slugs[0]}/", site / prefix / plan.COURSE_PDF,
                             cover(data, lang, title, t("pdf_course_subtitle", n=len(slugs)), today), others))
    return written


def tool_pdfs(page, base: str, site: Path, data, lang: str, today: datetime.date) -> list[Path]:
    prefix = data.prefix(lang)
    written = []
    for path in plan.tool_pages(data.docs_dir, lang):
        title = sitedata.read_page(path).meta.get("title", path.stem)
        written.append(print_pdf(page, base, data, f"{prefix}tools/{path.stem}/", site / prefix / plan.tool_pdf(path),
                                 cover(data, lang, title, data.t(lang, "nav_tools"), today), []))
    return written


def offline_zip(root: Path, config: Path, site: Path, data) -> Path:
    """The site built for file://, zipped with a READ-ME that says which file to open."""
    name = data.campaign["id"]
    tmp = sitebuild.temp_site(root / ".offline-site")
    try:
        result = sitebuild.build_into(config, tmp, env={"OFFLINE_PACK": "true"})
        if result.returncode:
            sitebuild.report_failure(result, root)
            raise RuntimeError("the offline build failed")
        target = site / plan.offline_zip(data.campaign)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        readme = "\n".join(data.t(lang, "offline_readme", folder=name, prefix=data.prefix(lang))
                           for lang in data.languages)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as pack:
            pack.writestr(data.t(data.default, "offline_readme_name"), readme + "\n")
            for path in sorted(tmp.rglob("*")):
                if path.is_file():
                    pack.write(path, f"{name}/{path.relative_to(tmp).as_posix()}")
        partial.replace(target)
        return target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write(root: Path, config: Path, site: Path, browser=None, parts=("offline", "pdf")) -> list[Path]:
    """Every download (or only the `parts` named) into the built `site`; returns the files written."""
    data = sitedata.load(root / "docs")
    printed_from = site_digest(site) if "pdf" in parts else ""  # the site as built, before any download is added
    written = [offline_zip(root, config, site, data)] if "offline" in parts else []
    if "pdf" in parts:
        written += pdfs(site, data, printed_from, browser)
    return written


PDF_SETS = 8  # sets of PDFs kept in the tool cache (each a site's, a few MB): a few campaigns, a few days


def pdfs(site: Path, data, printed_from: str, browser=None, today: datetime.date | None = None) -> list[Path]:
    """Every PDF, printed again only when the built site, the day (each cover shows it), Chromium or this
    code has changed: the same site printed twice gives the same PDFs (sitegen.tool_cache)."""
    today = today or datetime.date.today()
    parts = [tool_cache.key(Path(__file__).read_bytes()), chromium_version(), today.isoformat(), printed_from]
    outputs = tool_cache.cached("pdf", parts, lambda: {
        quote(path.relative_to(site).as_posix(), safe=""): path.read_bytes()
        for path in print_all(site, data, today, browser)}, keep=PDF_SETS)
    return [put(site / unquote(name), content) for name, content in sorted(outputs.items())]


def site_digest(site: Path) -> str:
    """Every file of the built site, by path and content: all that a printed page can read from it."""
    parts: list[bytes | str] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        parts += [path.relative_to(site).as_posix(), path.read_bytes()]
    return tool_cache.key(*parts)


@lru_cache(maxsize=1)
def chromium_version() -> str:
    if not Path(CHROMIUM).exists():
        return ""
    return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()


def put(target: Path, content: bytes) -> Path:
    """`content` at `target`, written under a temporary name first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(content)
    partial.replace(target)
    return target


def print_all(site: Path, data, today: datetime.date, browser=None) -> list[Path]:
    """Every PDF printed by Chromium (the one given, or one started here) from the site, served locally."""
    with SiteServer(site, data.languages[1:]) as base:
        if browser is not None:
            return _pdfs(browser, base, site, data, today)
        from playwright.sync_api import sync_playwright
        if not Path(CHROMIUM).exists():
            raise RuntimeError(f"{CHROMIUM} is missing: `make build` installs Debian's chromium when run as root")
        with sync_playwright() as pw:
            own = pw.chromium.launch(executable_path=CHROMIUM, args=PLAYWRIGHT_ARGS)
            try:
                return _pdfs(own, base, site, data, today)
            finally:
                own.close()


def _pdfs(browser, base, site, data, today: datetime.date) -> list[Path]:
    page = browser.new_page()
    try:
        out = []
        for lang in data.languages:
            out += lesson_pdfs(page, base, site, data, lang, today) + tool_pdfs(page, base, site, data, lang, today)
        return out
    finally:
        page.close()


def add_to(config: Path, site: Path, browser=None, parts=("offline", "pdf")) -> bool:
    """Every download into a built site; False, with the reason printed, when one cannot be made."""
    from playwright.sync_api import Error as BrowserError
    try:
        write(config.parent, config, site, browser, parts)
        return True
    except (RuntimeError, BrowserError) as err:  # a message, not a traceback
        print(f"downloads: {err}", file=sys.stderr)
        return False


def to_dist(root: Path, part: str) -> int:
    """`make pdf` / `make offline`: the downloads built afresh and copied into dist/, for maintainers."""
    config = root / "mkdocs.yml"
    site = sitebuild.temp_site(root / ".downloads-site")
    try:
        result = sitebuild.build_into(config, site)
        if result.returncode:
            sitebuild.report_failure(result, root)
            return 1
        try:
            written = write(root, config, site, parts=(part,))
        except RuntimeError as err:
            print(f"downloads: {err}", file=sys.stderr)
            return 1
        for path in written:
            target = root / "dist" / path.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            print(f"wrote {target.relative_to(root)} ({target.stat().st_size // 1024} KB)")
        return 0
    finally:
        shutil.rmtree(site, ignore_errors=True)
