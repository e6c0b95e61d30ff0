"""Share cards (og:/twitter: tags and their 1200×630 PNG) and the printed pages' QR code (sitegen.share).

The QR codes are read back with a real decoder (zxing-cpp): from the inline SVG's path drawn
as an image, and from a screenshot of the printed page in Chromium.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image, ImageChops, ImageDraw

from sitegen import download_plan, paths, share, sitedata, tool_cache
from sitegen.testing import LANGUAGES, ROOT

LONG_TITLES = {  # fixture titles, no campaign's: long enough to wrap, with CJK punctuation and long words
    "zh": "第三章：如何在城市公园里种树，选择树种、准备土壤和按时浇水的办法（附工具清单、季节表和常见问题的回答）",
    "en": "Chapter three: planting trees in a city park, choosing the species, preparing the soil and watering "
          "them on time, with a checklist of tools, a seasonal calendar and answers to common questions",
}
COLOURS = {"primary": "#3355aa", "text": "#222244", "foot": "#666666", "background": "#fafafa"}


# ---- the renderer, on fixture titles (no campaign) ----

@pytest.fixture
def font() -> Path:
    """The system font the cards are drawn with: missing, these tests skip outside CI and fail under it."""
    try:
        return share.font_file()
    except share.FontMissing as err:
        if os.environ.get("CI") == "true":
            pytest.fail(str(err))
        pytest.skip(str(err))


@pytest.mark.parametrize("lang", sorted(LONG_TITLES))
def test_card_is_a_1200x630_palette_png_with_the_title_wrapped_inside_its_margins(lang, font):
    title = LONG_TITLES[lang]
    png = share.render_card("Site name", title, "example.org", lang, COLOURS, font)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1200, 630) and image.mode == "P"
    assert len(png) < 60_000, len(png)

    size, lines = share.layout(title, font, share.face_index(font, lang))
    assert len(lines) >= 2, lines  # long enough to wrap
    text_font = share._font(str(font), size, share.face_index(font, lang))
    assert lines, "no lines laid out"
    for line in lines:
        assert text_font.getlength(line) <= share.WIDTH - 2 * share.MARGIN, line
    assert re.sub(r"\s+", "", "".join(lines)).rstrip("…") in re.sub(r"\s+", "", title)

    # Below the band, nothing is drawn outside the margins, and the title's area has ink.
    rgb = image.convert("RGB")
    background = Image.new("RGB", (share.WIDTH, share.HEIGHT - share.BAND - 1), COLOURS["background"])
    diff = ImageChops.difference(rgb.crop((0, share.BAND + 1, share.WIDTH, share.HEIGHT)), background)
    box = diff.getbbox()
    assert box is not None
    assert box[0] >= share.MARGIN - 2 and box[2] <= share.WIDTH - share.MARGIN + 2, box
    title_area = diff.crop((0, share.TITLE_TOP - share.BAND, share.WIDTH, share.TITLE_BOTTOM - share.BAND))
    assert title_area.getbbox() is not None, "no title drawn"


def test_line_breaks_keep_cjk_punctuation_with_its_neighbour(font):
    font = share._font(str(font), 60, 0)
    lines = share.wrap("甲乙丙丁戊己庚辛，壬癸（子丑寅卯）辰巳午未申酉戌亥。“甲乙”丙丁", font.getlength, 5 * 60)
    assert len(lines) > 3, lines
    for line in lines:
        assert line[0] not in share.NO_START and line[-1] not in share.NO_END, lines
    assert "".join(lines) == "甲乙丙丁戊己庚辛，壬癸（子丑寅卯）辰巳午未申酉戌亥。“甲乙”丙丁"


def test_english_breaks_between_words_only(font):
    font = share._font(str(font), 60, 0)
    text = "Negotiating repayment with the other side, step by step"
    lines = share.wrap(text, font.getlength, 500)
    assert len(lines) >= 2 and " ".join(lines) == text, lines


def test_a_missing_font_names_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(share, "FONT_DIRS", (str(tmp_path),))
    with pytest.raises(share.FontMissing) as err:
        share.font_file()
    assert "make system-deps" in str(err.value) and "fonts-noto-cjk" in str(err.value)


def test_cards_are_drawn_once_for_the_same_inputs(monkeypatch, tmp_path, font):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []
    real = share.render_card
    monkeypatch.setattr(share, "render_card", lambda *a: calls.append(a) or real(*a))
    first = share.card("Site", "A title", "example.org", "en", COLOURS)
    second = share.card("Site", "A title", "example.org", "en", COLOURS)
    assert first == second and len(calls) == 1
    share.card("Site", "Another title", "example.org", "en", COLOURS)
    assert len(calls) == 2
    assert (tool_cache.folder() / "share-card").is_dir()


def matrix_of(svg: str) -> list[list[bool]]:
    """The modules of segno's one-path SVG (`M x y.5 h n m dx dy …`, border 0), as rows of booleans."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg, re.I)[1])  # html.parser writes viewbox
    path = re.search(r' d="([^"]+)"', svg)[1]
    rows = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            end = float(a) if command == "H" else x + float(a)
            for column in range(int(x), int(end)):
                rows[int(y)][column] = True
            x = end
    return rows


def decode_svg(svg: str) -> str:
    rows = matrix_of(svg)
    scale, quiet = 6, 4
    side = (len(rows) + 2 * quiet) * scale
    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle(((x + quiet) * scale, (y + quiet) * scale,
                                (x + quiet + 1) * scale - 1, (y + quiet + 1) * scale - 1), fill=0)
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code found in the SVG"
    return found[0].text


def test_qr_svg_is_compact_and_decodes_to_its_text():
    text = "https://example.org/some/page/?v=2030-01-31"
    svg = share.qr_svg(text)
    assert svg.startswith("<svg ") and "<?xml" not in svg and "\n" not in svg
    assert svg.count("<path") == 1 and "width=" not in svg and "xmlns" not in svg
    assert len(svg) < 3000, len(svg)
    assert decode_svg(svg) == text


# ---- the built site ----

def built_pages(site: Path, qr: bool = False):
    """(path, parsed page) of every page built from a Markdown file: no 404 pages, no redirect stubs. Only the
    page's <head> is parsed (the share card's tags, the canonical address), and with `qr` its printed QR block:
    parsing every page whole was most of these tests' time."""
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")) or path.name == "404.html":
            continue
        text = path.read_text(encoding="utf-8")
        part = text[:text.find("<body")]
        if qr and (start := text.find('<div class="print-qr"')) >= 0:
            part += text[start:text.find("</div>", start) + len("</div>")]
        soup = BeautifulSoup(part, "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        yield path, soup


def meta(soup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag.get("content") if tag else None


def source_of(site: Path, path: Path) -> tuple[str, str]:
    """(language, language-relative source path) of a built page."""
    rel = path.relative_to(site).as_posix()
    lang = LANGUAGES[0]
    if rel.split("/")[0] in LANGUAGES[1:]:
        lang, rel = rel.split("/", 1)
    folder = rel.removesuffix("index.html").rstrip("/")
    docs = ROOT / "docs" / lang
    for candidate in (f"{folder}.md", f"{folder}/index.md", "index.md" if not folder else None):
        if candidate and (docs / candidate).is_file():
            return lang, candidate
    raise AssertionError(f"no source for {rel}")


def card_file(site: Path, site_url: str, image: str) -> Path:
    return site / urlsplit(image).path.removeprefix(urlsplit(site_url).path)


@pytest.mark.campaign
def test_every_page_has_a_share_card_of_1200x630(site, data):
    site_url = data.campaign["site_url"]
    pages = list(built_pages(site))
    assert len(pages) > 10, "no pages found"
    for path, soup in pages:
        where = path.relative_to(site).as_posix()
        title, description, image = (meta(soup, f"og:{k}") for k in ("title", "description", "image"))
        assert title and description and image, where
        assert meta(soup, "twitter:card") == "summary_large_image", where
        assert soup.title.get_text().startswith(title), (where, title)
        canonical = soup.find("link", rel="canonical")
        assert meta(soup, "og:url") == canonical["href"], where
        assert image.startswith(site_url) and image.endswith(".png"), (where, image)
        card = card_file(site, site_url, image)
        assert card.is_file(), (where, image)
        with Image.open(card) as png:
            assert png.format == "PNG" and png.size == (1200, 630), (where, png.size)


@pytest.mark.campaign
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_card_shows_its_pages_title(site, data, lang):
    """The card is exactly what the renderer draws for the page's own title (and site name)."""
    home = site / data.prefix(lang) / "index.html"
    soup = BeautifulSoup(home.read_text(encoding="utf-8"), "html.parser")
    title, image = meta(soup, "og:title"), meta(soup, "og:image")
    site_name = meta(soup, "og:site_name")
    colours = share.palette(paths.THEME / "assets" / "stylesheets" / "site.css")
    expected = share.render_card(site_name, title, urlsplit(data.campaign["site_url"]).hostname, lang, colours,
                                 share.font_file())
    assert card_file(site, data.campaign["site_url"], image).read_bytes() == expected


@pytest.mark.campaign
def test_every_pages_qr_code_decodes_to_its_address_and_version(site, data):
    pages = list(built_pages(site, qr=True))
    assert len(pages) > 10, "no pages found"
    for path, soup in pages:
        where = path.relative_to(site).as_posix()
        lang, rel = source_of(site, path)
        kind, ident = sitedata.page_kind(rel)
        reviewed = data.page_facts(kind, ident)["reviewed"]
        block = soup.find(class_="print-qr")
        assert block is not None and reviewed, where
        url = soup.find("link", rel="canonical")["href"]
        version = reviewed.isoformat()
        assert decode_svg(str(block.svg)) == f"{url}?v={version}", where
        text = block.get_text(" ")
        assert url in text and data.t(lang, "print_qr_version", date=version) in text, (where, text)


@pytest.mark.campaign
def test_qr_code_prints_and_is_hidden_on_screen(page, site_url, data):
    lang = LANGUAGES[-1]
    slug = data.lessons[0].slug
    page.goto(f"{site_url}{data.prefix(lang)}lessons/{slug}/")
    qr = page.locator(".print-qr")
    assert qr.count() == 1
    assert not qr.is_visible()
    page.emulate_media(media="print")
    assert qr.is_visible()
    box = qr.locator("svg").bounding_box()
    assert box and box["width"] > 50 and box["height"] > 50, box
    shot = Image.open(io.BytesIO(qr.locator("svg").screenshot()))
    found = zxingcpp.read_barcodes(shot)
    reviewed = data.page_facts("lesson", slug)["reviewed"].isoformat()
    expected = f"{data.campaign['site_url']}{data.prefix(lang)}lessons/{slug}/?v={reviewed}"
    assert found and found[0].text == expected
    page.emulate_media(media="screen")
    assert not qr.is_visible()


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.campaign
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_lesson_pdf_prints_the_address_and_version(site, data, lang):
    slug = data.lessons[0].slug
    text = re.sub(r"\s+", "", pdf_text(site / data.prefix(lang) / download_plan.lesson_pdf(slug)))
    reviewed = data.page_facts("lesson", slug)["reviewed"].isoformat()
    url = f"{data.campaign['site_url']}{data.prefix(lang)}lessons/{slug}/"
    assert re.sub(r"\s+", "", url) in text
    assert re.sub(r"\s+", "", data.t(lang, "print_qr_version", date=reviewed)) in text


@pytest.mark.campaign
def test_offline_pack_has_no_cards_and_prints_the_live_address(site, data):
    pack = site / download_plan.offline_zip(data.campaign)
    with zipfile.ZipFile(pack) as zipped:
        names = zipped.namelist()
        assert not [n for n in names if "/assets/cards/" in n]
        lesson = next(n for n in names if re.search(r"/lessons/[^/]+\.html$", n))
        soup = BeautifulSoup(zipped.read(lesson).decode("utf-8"), "html.parser")
    assert meta(soup, "og:image") is None
    block = soup.find(class_="print-qr")
    assert block is not None
    address = decode_svg(str(block.svg))
    assert address.startswith(data.campaign["site_url"]) and "/?v=" in address and ".html" not in address
