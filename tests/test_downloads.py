"""Downloads published with the site: lesson PDFs with a cover, contents, licence and date,
the course PDF, worksheet PDFs on A4, and an offline pack that says which file to open."""

from __future__ import annotations

import datetime
import re
import subprocess
import zipfile

import pytest

from sitegen.render import blocks
from sitegen import download_plan
from sitegen import sitedata
from sitegen.checks import built_html
from sitegen.testing import LANGUAGES, ROOT, without_printed_explanations

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

PREFIX = {"zh": "", "en": "en/"}


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_info(path) -> dict:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def squeeze(text: str) -> str:
    """PDF text without the spaces and line breaks that layout adds inside Chinese."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_lesson_pdf_has_cover_contents_licence_date_and_teaching_materials(site, data, lang):
    assert data.lessons, "the campaign has no lessons"
    for lesson in data.lessons:
        slug = lesson.slug
        path = site / PREFIX[lang] / download_plan.lesson_pdf(slug)
        # The day it was printed (a run may pass midnight between printing and this check).
        today = blocks.format_date(data, lang, datetime.date.fromtimestamp(path.stat().st_mtime))
        meta = lesson.meta(lang)
        info = pdf_info(path)
        assert info["Title"].strip() == meta["title"], (lang, slug, info["Title"])
        assert int(info["Pages"]) >= 3 and "595" in info["Page size"]  # A4
        text = without_printed_explanations(squeeze(pdf_text(path)), data, lang)
        for needed in (meta["title"], data.t(lang, "pdf_contents"), data.campaign["licence"]["name"], today,
                       meta["objectives"][0][:15], meta["exit_ticket"][0]["question"][:15],
                       meta["questions"][0]["answer"][:15]):
            assert squeeze(needed) in text, (lang, slug, needed)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_course_pdf_and_worksheet_pdfs(site, data, lang):
    course = squeeze(pdf_text(site / PREFIX[lang] / download_plan.COURSE_PDF))
    assert data.lessons, "the campaign has no lessons"
    for lesson in data.lessons:
        assert squeeze(lesson.title(lang)) in course
    tools = download_plan.tool_pages(data.docs_dir, lang)
    assert len(tools) >= 6
    for page in tools:
        path = site / PREFIX[lang] / download_plan.tool_pdf(page)
        title = sitedata.read_page(page).meta["title"]
        assert pdf_info(path)["Title"].strip() == title and "595" in pdf_info(path)["Page size"]
        assert squeeze(title) in squeeze(pdf_text(path))


def pdf_links(path) -> list[str]:
    out = subprocess.run(["pdfinfo", "-url", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines()[1:] if line.strip()]


def test_every_pdf_links_to_the_published_site_not_to_the_printing_server(site, data):
    """The PDFs are printed from a local server: a link to it would be dead in a reader's hands."""
    pdfs = sorted(site.rglob("*.pdf"))
    assert pdfs, "the site has no PDF"
    links = {path.relative_to(site).as_posix(): pdf_links(path) for path in pdfs}
    ours = [link for found in links.values() for link in found if link.startswith(data.campaign["site_url"])]
    assert ours, f"no PDF links to a page of {data.campaign['site_url']}: {links}"
    local = {name: [link for link in found if re.match(r"https?://(127\.0\.0\.1|localhost)[:/]", link)]
             for name, found in links.items()}
    assert not any(local.values()), {name: found for name, found in local.items() if found}


def test_offline_pack_says_which_file_to_open_and_that_file_exists(site, data):
    with zipfile.ZipFile(site / download_plan.offline_zip(data.campaign)) as pack:
        names = set(pack.namelist())
        readme = pack.read(data.t(data.default, "offline_readme_name")).decode("utf-8")
    for lang in LANGUAGES:
        target = f"{data.campaign['id']}/{PREFIX[lang]}index.html"
        assert target in readme and target in names


def test_downloads_are_linked_from_the_downloads_page_teachers_guide_home_and_each_lesson(site, data):
    lessons = [lesson.slug for lesson in data.lessons]
    assert lessons, "the campaign has no lessons"
    for lang in LANGUAGES:
        root = site / PREFIX[lang]
        page = (root / "downloads/index.html").read_text(encoding="utf-8")
        links = set(re.findall(r'href="([^"]+\.(?:pdf|zip))"', page))
        expected = {download_plan.lesson_pdf(s) for s in lessons} | {download_plan.COURSE_PDF}
        expected |= {download_plan.tool_pdf(p) for p in download_plan.tool_pages(data.docs_dir, lang)}
        resolved = {(root / "downloads" / link).resolve() for link in links}
        assert {(root / e).resolve() for e in expected} <= resolved
        assert (site / download_plan.offline_zip(data.campaign)).resolve() in resolved
        for target in resolved:
            assert target.exists() and target.stat().st_size > 1000
        for page_path, href in (("teachers/index.html", "../downloads/"), ("index.html", "downloads/")):
            assert f'href="{href}"' in (root / page_path).read_text(encoding="utf-8"), (lang, page_path)
        for slug in lessons:
            lesson = (root / "lessons" / slug / "index.html").read_text(encoding="utf-8")
            assert f'href="../../{download_plan.lesson_pdf(slug)}"' in lesson, (lang, slug)


def test_teachers_guide_needs_no_terminal(data):
    for lang in LANGUAGES:
        text = (ROOT / "docs" / lang / "teachers.md").read_text(encoding="utf-8")
        assert not re.search(r"\bmake\b|项目目录|project folder|terminal|终端", text), lang


def test_checker_reports_a_download_link_without_its_file(tmp_path):
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "downloads" / "fake.pdf").write_text("not a pdf", encoding="utf-8")
    (site / "index.html").write_text('<a href="downloads/missing.pdf">a</a> <a href="downloads/fake.pdf">b</a>',
                                     encoding="utf-8")
    problems = built_html.check(site, ROOT, LANGUAGES)[0]
    messages = [p.message for p in problems if p.kind == "link"]
    assert any("broken link downloads/missing.pdf" in m for m in messages), messages
    assert any("downloads/fake.pdf is not a PDF file" in m for m in messages), messages


def test_lesson_teaching_materials_are_complete(data):
    assert data.lessons, "the campaign has no lessons"
    for lesson in data.lessons:
        slug = lesson.slug
        for lang in LANGUAGES:
            meta = lesson.meta(lang)
            assert meta["questions"] and all(q.get("answer") for q in meta["questions"]), (lang, slug)
            assert len(meta["exit_ticket"]) == 3 and all(q["answer"] for q in meta["exit_ticket"])
            assert meta["activity"]["materials"], (lang, slug)
            assert set(meta["adapt"]) == set(lesson.level) == {"senior-secondary", "university"}, (lang, slug)
    for slug in ("legal-protections", "borrower-action-steps"):  # the card game and the role play
        for lang in LANGUAGES:
            cards = data.lesson(slug).meta(lang)["activity"]["cards"]
            assert 6 <= len(cards) <= 8 and all(c.get("answer") for c in cards), (lang, slug)
