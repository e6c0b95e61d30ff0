"""Letter and message templates that fill themselves in (render/letter_form.py, letter-form.js).

In Chromium, on every template page in every language: each field filled, one value
markup; it shows as text, creates no element and fires no dialog; no request leaves the
site and nothing is stored; copy, download (.txt) and print (only the letter) work; the
page without JavaScript and the printed worksheet are still blank templates. At build
level: a named blank with no declared field is reported as `file:line`.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitegen import build as sitebuild
from sitegen import download_plan, sitedata
from sitegen.render.letter_form import NAMED
from sitegen.testing import LANGUAGES, ROOT, wait_for_icon

MARKUP = "<img src=x onerror=alert(1)>"
DATE = "2026-03-09"
PHONE = {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True}
WATCH = """(() => {
  window.__writes = [];
  const note = what => () => { if (window.__watch) window.__writes.push(what); };
  const set = Storage.prototype.setItem;
  Storage.prototype.setItem = function (...a) { note('storage')(); return set.apply(this, a); };
  const open = indexedDB.open.bind(indexedDB); indexedDB.open = (...a) => { note('indexedDB')(); return open(...a); };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(document, 'cookie', {get: () => cookie.get.call(document),
    set: v => { note('cookie')(); cookie.set.call(document, v); }});
  window.__printed = 0;
  window.print = () => { window.__printed += 1; };  // headless Chromium has no print dialog to wait for
})()"""


def template_pages(root: Path = ROOT) -> list[str]:
    """Pages (path inside a language folder) whose `>` quotes hold a named blank, from the default language."""
    folder = root / "docs" / LANGUAGES[0]
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md")
                  if any(line.startswith(">") and NAMED.search(line)
                         for line in p.read_text(encoding="utf-8").splitlines()))


def url_of(site_url: str, lang: str, rel: str) -> str:
    prefix = "" if lang == LANGUAGES[0] else f"{lang}/"
    return f"{site_url}{prefix}{rel.removesuffix('.md')}/"


@pytest.mark.campaign
def test_every_letter_and_message_template_has_the_form():
    assert template_pages() == ["questions/payment-order.md", "questions/written-instalment-request.md",
                                "tools/family-message.md", "tools/instalment-request.md"]


def fill_all(page) -> dict[str, str]:
    """Every field filled: the first text-like field with markup, the date with DATE, the rest with their name."""
    values, marked = {}, False
    for field in page.locator("#letter-form [data-kind]").all():
        name, kind = field.get_attribute("name"), field.get_attribute("data-kind")
        if kind == "date":
            value = DATE
        elif not marked:
            value, marked = MARKUP, True
        else:
            value = f"{name}-filled"
        field.fill(value)
        values[name] = value
    assert marked, "no text field to try markup in"
    return values


@pytest.mark.campaign
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("rel", template_pages())
def test_filled_letter_is_text_and_stays_on_the_device(browser, site_url, lang, rel):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    context = browser.new_context(accept_downloads=True, **PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    context.add_init_script(WATCH)
    page = context.new_page()
    dialogs, requests, watching = [], {"load": [], "use": []}, ["load"]
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests[watching[0]].append(r.url))
    page.goto(url_of(site_url, lang, rel))
    page.wait_for_load_state("networkidle")
    assert requests["load"], "no request seen while the page loaded: is the listener on?"
    assert all(u.startswith(origin + "/") for u in requests["load"]), requests["load"]
    wait_for_icon(page, requests["load"])
    watching[0] = "use"
    page.evaluate("window.__watch = true")
    form = page.locator("#letter-form")
    form.wait_for(state="visible")
    words = {key: page.get_attribute("#letter-form", f"data-letter-{key}")
             for key in ("copy", "copied", "print", "download")}
    controls = form.locator("[data-kind]").all()
    assert controls, "the letter form has no fields"
    for field in controls:  # every control labelled
        assert page.locator(f"label[for={field.get_attribute('id')}]").count() == 1

    values = fill_all(page)
    outputs = page.locator("[data-letter-output]")
    assert outputs.count() >= 1
    for n in range(outputs.count()):
        output = outputs.nth(n)
        assert output.is_visible()
        fields = {f.get_attribute("data-field") for f in output.locator("[data-field]").all()}
        text = output.inner_text()
        assert fields, f"letter {n} shows no fields"
        for name in fields:
            assert (values[name] if name != "date" else "2026") in text, (name, text)
        assert DATE not in text  # a date is written in the page's language
    assert any(MARKUP in text for text in outputs.all_inner_texts())
    page.wait_for_load_state("networkidle")  # an <img> made from the value would have asked for "x" by now
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("document.querySelectorAll('[data-letter-output] img, [data-letter-sheet] img').length") == 0

    first = outputs.first
    status = page.locator(".letter-actions__status").first
    actions = page.locator(".letter-actions").first
    # Copy: the Clipboard API (127.0.0.1 is a secure context), then a status message.
    actions.get_by_role("button", name=words["copy"]).click()
    page.wait_for_function("([el, text]) => el.textContent === text", arg=[status.element_handle(), words["copied"]])
    copied = page.evaluate("navigator.clipboard.readText()")
    names = {f.get_attribute("data-field") for f in first.locator("[data-field]").all()} - {"date"}
    assert names, "the first letter shows no field but the date"
    for name in names:
        assert values[name] in copied

    # Download: a .txt with a byte-order mark and the same filled text.
    with page.expect_download() as info:
        actions.get_by_role("button", name=words["download"]).click()
    download = info.value
    assert download.suggested_filename.endswith(".txt")
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    saved = raw.decode("utf-8-sig").replace("\r\n", "\n")
    assert saved == copied
    page.wait_for_function("([el, name]) => el.textContent.includes(name)",
                           arg=[status.element_handle(), download.suggested_filename])

    # Print: only the letter on the sheet.
    actions.get_by_role("button", name=words["print"]).click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    sheet = page.locator("[data-letter-sheet]")
    assert sheet.is_visible()
    assert "".join(sheet.inner_text().split()) == "".join(copied.split())
    for other in ("#letter-form", ".md-header", ".letter-actions", "article h2", "[data-letter-output]"):
        assert not page.locator(other).first.is_visible(), other
    page.emulate_media(media="screen")
    assert not sheet.is_visible()

    assert dialogs == []
    assert all(u.startswith(f"blob:{origin}/") for u in requests["use"]), requests["use"]  # may be empty: nothing sent is best
    assert page.evaluate("window.__writes") == []
    assert context.cookies() == []
    context.close()


@pytest.mark.campaign
def test_works_from_the_offline_pack(browser, site, tmp_path, data):
    """From file:// there is no Clipboard API: the copy falls back, and the status still says so."""
    with zipfile.ZipFile(site / download_plan.offline_zip(data.campaign)) as pack:
        pack.extractall(tmp_path)
    rel = next(r for r in template_pages() if r.startswith("tools/"))
    page_file = tmp_path / data.campaign["id"] / rel.replace(".md", ".html")
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.locator("#letter-form").wait_for(state="visible")
    values = fill_all(page)
    output = page.locator("[data-letter-output]").first
    assert MARKUP in output.inner_text() and values
    page.locator(".letter-actions").first.get_by_role(
        "button", name=page.get_attribute("#letter-form", "data-letter-copy")).click()
    status = page.locator(".letter-actions__status").first
    page.wait_for_function("el => el.textContent.length > 0", arg=status.element_handle())
    assert status.inner_text() in (page.get_attribute("#letter-form", "data-letter-copied"),
                                   page.get_attribute("#letter-form", "data-letter-copy-failed"))
    with page.expect_download() as info:
        page.locator(".letter-actions").first.get_by_role(
            "button", name=page.get_attribute("#letter-form", "data-letter-download")).click()
    assert MARKUP in Path(info.value.path()).read_text(encoding="utf-8-sig")
    context.close()


@pytest.mark.campaign
@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_and_on_paper_the_template_is_blank(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    templates = template_pages()
    assert templates, "no page holds a letter template"
    for rel in templates:
        page.goto(url_of(site_url, lang, rel))
        assert not page.locator("#letter-form").is_visible()
        assert not page.locator("[data-letter-output]").first.is_visible()
        letter = page.locator("blockquote:has([data-field])").first
        assert letter.is_visible()
        blanks = page.locator("blockquote [data-field]").all()
        assert blanks, f"{rel}: no blanks in its letters"
        for blank in blanks:
            assert blank.inner_text() == blank.get_attribute("data-blank") and blank.inner_text().strip()
    context.close()


@pytest.mark.campaign
@pytest.mark.parametrize("lang", LANGUAGES)
def test_printed_worksheets_show_blanks_not_the_form(site, data, lang):
    templates = template_pages()
    assert templates, "no page holds a letter template"
    for rel in templates:
        if not rel.startswith("tools/"):
            continue
        path = site / data.prefix(lang) / download_plan.tool_pdf(Path(rel))
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "______" in text, path
        assert data.t(lang, "letter_form_legend") not in text, path
        assert data.t(lang, "letter_copy") not in text, path


@pytest.mark.build
def test_a_named_blank_without_a_declared_field_fails_the_build(project):
    """Generator test: the fault is planted in the first `>` quote of any page of the campaign under test."""
    lang = sitedata.campaign_languages(project / "docs")[0]
    declared = {f["id"] for f in sitedata.load(project / "docs").campaign.get("letter_fields") or []}
    unknown = next(f"no-such-field-{n}" for n in range(100) if f"no-such-field-{n}" not in declared)
    for path in sorted((project / "docs" / lang).rglob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        at = next((i for i, line in enumerate(lines) if line.startswith("> ")), None)
        if at is not None:
            break
    else:
        pytest.skip("no page of this campaign quotes a letter")
    lines[at] += f" {{{{{unknown}}}}}"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = sitebuild.build_into(project / "mkdocs.yml", project / "out")
    output = result.stdout + result.stderr
    shown = path.relative_to(project).as_posix()
    assert result.returncode != 0
    assert f"{shown}:{at + 1}: named blank {{{{{unknown}}}}}: no field '{unknown}'" in output, output[-3000:]
    assert "Traceback" not in output
