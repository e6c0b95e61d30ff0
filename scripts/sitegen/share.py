"""What a shared link and a printed page say about the page: a share card, and a QR code for print.

Share card: every page's `og:` and `twitter:` tags (overrides/main.html's `extrahead`), with a
1200×630 PNG drawn at build time by Pillow from the system's Noto CJK fonts (Debian's
fonts-noto-cjk, `make system-deps`; never fetched): the site's name on a band of the site's
primary colour (overrides/assets/stylesheets/site.css), then the page's title, wrapped
with line breaks that suit Chinese as well as English. Each card is a palette PNG named by
its content hash (`assets/cards/<lang>/<page>.<sha256[:10]>.png`), which the fingerprint step
leaves as it is; it is cached under the hash of its text, font file, colours and this code
(sitegen.tool_cache), so a rebuild draws nothing. The offline pack has no cards: a page opened
from a disk is not shared as a link.

Print QR: a compact inline SVG of the page's live address with its version (`?v=` its
`reviewed` date), and the same address and version as text beside it, in a block that only
print shows (site.css), so every printed page and PDF says where its latest version is.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import markupsafe
import segno
from mkdocs.exceptions import PluginError

from sitegen import paths, tool_cache

if TYPE_CHECKING:
    from sitegen.render.rendering import Rendering

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BAND = 120  # the coloured band at the top, with the site's name
TITLE_TOP, TITLE_BOTTOM = BAND + 60, HEIGHT - 100
TITLE_SIZES = (68, 60, 52, 46)  # the largest whose wrapped title fits the title area
FOOT_SIZE, NAME_SIZE = 28, 40
LEVELS = 16  # palette entries from each text's colour to what is under it: its anti-aliasing

FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")
FONT_NAME = "NotoSansCJK-Bold.ttc"
FONT_PACKAGE = "fonts-noto-cjk"
# The font collection's face for a language's glyph forms (its family name ends with this).
FACES = {"zh-tw": "TC", "zh-hant": "TC", "zh-hk": "HK", "zh-mo": "HK", "ja": "JP", "ko": "KR"}
DEFAULT_FACE = "SC"

# Fallbacks are the theme's own defaults, for a project whose stylesheet sets no colour.
PALETTE_DEFAULTS = {"primary": "#4051b5", "text": "#1f1f1f", "foot": "#5f5f5f", "background": "#ffffff"}

# Kinsoku: no line starts with closing punctuation, and none ends with opening punctuation.
NO_START = set("，。、：；！？）」』》〉】〕”’,.;:!?)]}%…—")
NO_END = set("（「『《〈【〔“‘([{")
# A run of Latin letters, digits and the punctuation inside words stays on one line, with the spaces after it.
WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF'’&@#%+\-./:]+\s*|\s+|.", re.S)


class FontMissing(PluginError):
    pass


def font_file() -> Path:
    for folder in FONT_DIRS:
        path = Path(folder) / FONT_NAME
        if path.is_file():
            return path
    raise FontMissing(f"share cards: the font {FONT_NAME} is missing (looked in {', '.join(FONT_DIRS)}); "
                      f"install Debian's {FONT_PACKAGE} with `make system-deps` (as root), then build again")


@lru_cache(maxsize=4)
def font_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=16)
def face_index(path: Path, lang: str) -> int:
    from PIL import ImageFont

    want = FACES.get(lang.lower(), FACES.get(lang.lower().split("-")[0], DEFAULT_FACE))
    for index in range(16):
        try:
            family, _style = ImageFont.truetype(str(path), 20, index=index).getname()
        except OSError:
            break
        if family.endswith(" " + want) and "Mono" not in family:
            return index
    return 0


@lru_cache(maxsize=64)
def _font(path: str, size: int, index: int):
    from PIL import ImageFont
    return ImageFont.truetype(path, size, index=index)


def palette(stylesheet: Path) -> dict[str, str]:
    """The card's colours from the site's stylesheet: its primary colour and, for the title, its dark shade."""
    version = stylesheet.stat().st_mtime_ns if stylesheet.is_file() else 0
    return dict(_palette(stylesheet, version))


@lru_cache(maxsize=4)  # read once per version of the stylesheet, not once per page
def _palette(stylesheet: Path, _version: int) -> tuple[tuple[str, str], ...]:
    text = stylesheet.read_text(encoding="utf-8") if stylesheet.is_file() else ""
    found: dict[str, str] = {}
    for shade, colour in re.findall(r"--md-primary-fg-color(--dark)?\s*:\s*(#[0-9A-Fa-f]{6})\b", text):
        found.setdefault(shade, colour)  # the first: the light scheme's
    colours = dict(PALETTE_DEFAULTS)
    colours["primary"] = found.get("", colours["primary"])
    colours["text"] = found.get("--dark", colours["text"])
    return tuple(colours.items())


def units(text: str) -> list[str]:
    """Pieces a line may break between: a Latin word with its spaces, or one CJK character,
    with closing punctuation kept on the piece before it and opening punctuation on the piece after."""
    out: list[str] = []
    carry = ""
    for piece in WORD.findall(" ".join(text.split())):
        if out and not carry and piece.strip() and piece[0] in NO_START:
            out[-1] += piece
        elif piece and piece[-1] in NO_END:
            carry += piece
        else:
            out.append(carry + piece)
            carry = ""
    if carry:
        out.append(carry)
    return out


def wrap(text: str, width_of, width: float) -> list[str]:
    """`text` in lines no wider than `width` (`width_of(s)`: the drawn width of s); a piece wider than a line
    is cut between characters."""
    lines, line = [], ""
    for unit in units(text):
        if width_of((line + unit).rstrip()) <= width:
            line += unit
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = unit.lstrip()
        while width_of(line.rstrip()) > width and len(line) > 1:  # one word longer than the line
            cut = next(i for i in range(len(line), 0, -1) if width_of(line[:i]) <= width or i == 1)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def layout(title: str, font_path: Path, index: int) -> tuple[int, list[str]]:
    """The title's size and lines: the largest size that fits, else the smallest, cut with an ellipsis."""
    width = WIDTH - 2 * MARGIN
    for size in TITLE_SIZES:
        font = _font(str(font_path), size, index)
        lines = wrap(title, font.getlength, width)
        if len(lines) * line_height(size) <= TITLE_BOTTOM - TITLE_TOP:
            return size, lines
    most = (TITLE_BOTTOM - TITLE_TOP) // line_height(size)
    if len(lines) > most:
        lines = lines[:most]
        last = lines[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return size, lines


def line_height(size: int) -> int:
    return round(size * 1.3)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def ramp(start: str, end: str) -> list[int]:
    """LEVELS palette entries from `start` to `end`: text drawn in `end` over `start`, by its coverage."""
    a, b = hex_rgb(start), hex_rgb(end)
    return [round(x + (y - x) * i / (LEVELS - 1)) for i in range(LEVELS) for x, y in zip(a, b)]


def render_card(site_name: str, title: str, host: str, lang: str, colours: dict[str, str], font_path: Path) -> bytes:
    """A 1200×630 palette PNG: the site's name on the coloured band, the title, the site's host at the foot.

    Each text is drawn as a coverage mask and mapped straight onto a ramp of palette entries between its colour
    and what is under it: no quantizing of a full-colour image (the slow part), and the same flat colours."""
    from PIL import Image, ImageChops, ImageDraw

    index = face_index(font_path, lang)
    lut = [round(v * (LEVELS - 1) / 255) for v in range(256)]

    def mask(text: str, xy, size: int, first: int) -> Image.Image:
        """Palette indices `first`..`first + LEVELS - 1` where the text is drawn, by coverage; 0 elsewhere."""
        layer = Image.new("L", (WIDTH, HEIGHT), 0)
        ImageDraw.Draw(layer).text(xy, text, font=_font(str(font_path), size, index), fill=255, anchor="lm")
        return layer.point([first + lut[v] if v else 0 for v in range(256)])

    # Palette: 0..L-1 title over background, L..2L-1 the host over background, 2L..3L-1 the name over the band.
    entries = ramp(colours["background"], colours["text"]) + ramp(colours["background"], colours["foot"]) \
        + ramp(colours["primary"], colours["background"])
    band = Image.new("L", (WIDTH, HEIGHT), 0)
    band.paste(2 * LEVELS, (0, 0, WIDTH, BAND))
    name_font = _font(str(font_path), NAME_SIZE, index)
    name = (wrap(site_name, name_font.getlength, WIDTH - 2 * MARGIN) or [""])[0]
    name_layer = mask(name, (MARGIN, BAND // 2), NAME_SIZE, 0)  # 0..L-1, added to the band's 2L
    indices = ImageChops.add(band, name_layer)
    size, lines = layout(title, font_path, index)
    height = line_height(size)
    top = TITLE_TOP + (TITLE_BOTTOM - TITLE_TOP - height * len(lines)) // 2
    for n, line in enumerate(lines):
        indices = ImageChops.add(indices, mask(line, (MARGIN, top + n * height + height // 2), size, 0))
    indices = ImageChops.add(indices, mask(host, (MARGIN, HEIGHT - 50), FOOT_SIZE, LEVELS))
    image = Image.frombytes("P", (WIDTH, HEIGHT), indices.tobytes())
    image.putpalette(entries)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)  # 9 or optimize: ~10% smaller, 15-30 times slower
    return out.getvalue()


@lru_cache(maxsize=1)
def code_version() -> str:
    return tool_cache.key(Path(__file__).read_bytes())


def card(site_name: str, title: str, host: str, lang: str, colours: dict[str, str]) -> bytes:
    """The card's PNG, drawn once for the same text, font, colours and code (sitegen.tool_cache)."""
    font_path = font_file()
    parts = [code_version(), font_digest(font_path), site_name, title, host, lang, repr(sorted(colours.items()))]
    return tool_cache.cached("share-card", parts, lambda: {
        "card.png": render_card(site_name, title, host, lang, colours, font_path)})["card.png"]


def card_path(lang: str, rel: str, png: bytes) -> str:
    """Site-relative path of a page's card, named by its content hash as the fingerprint step would name it."""
    stem = rel.removesuffix(".md").replace("/", "-")
    return f"assets/cards/{lang}/{stem}.{hashlib.sha256(png).hexdigest()[:10]}.png"


def version(r: Rendering) -> str | None:
    """The page's `reviewed` date (ISO), declared once for all its languages."""
    reviewed = r.facts.get("reviewed")
    if not reviewed:
        return None
    return reviewed.isoformat() if isinstance(reviewed, datetime.date) else str(reviewed)


def qr_svg(text: str) -> str:
    """A QR code as compact inline SVG: no XML declaration, no size, one path (cached: segno takes ~7 ms a code)."""
    def make() -> dict[str, bytes]:
        out = io.BytesIO()
        segno.make(text, micro=False).save(out, kind="svg", xmldecl=False, svgns=False, nl=False, omitsize=True,
                                           border=0, svgclass=None, lineclass=None)
        return {"qr.svg": out.getvalue()}
    return tool_cache.cached("print-qr", [code_version(), segno.__version__, text], make)["qr.svg"].decode("ascii")


def add(r: Rendering) -> None:
    """`page.meta["share"]` (the card's tags, and its PNG written into the site) and `page.meta["print_qr"]`."""
    data, lang, rel, page, config = r.data, r.lang, r.path, r.page, r.config
    url = r.canonical_url(paths.page_url(rel))  # as served (directory URLs), also in the offline pack
    reviewed = version(r)
    if reviewed:
        address = f"{url}?v={reviewed}"
        page.meta["print_qr"] = {"svg": markupsafe.Markup(qr_svg(address)), "url": url,
                                 "lead": data.t(lang, "print_qr_lead"),
                                 "version": data.t(lang, "print_qr_version", date=reviewed)}
    if r.offline:
        return
    title = plain(page.meta.get("title") or page.title or "")
    description = plain(page.meta.get("description") or site_description(data, lang) or "")
    site_name = data.site_name(config, lang)
    colours = palette(paths.theme_file(config, "assets/stylesheets/site.css"))
    png = card(site_name, title, urlsplit(url).hostname or "", lang, colours)
    rel_card = card_path(lang, rel, png)
    target = Path(config.site_dir) / rel_card
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(png)
    page.meta["share"] = {"title": title, "description": description, "site_name": site_name, "url": url,
                          "image": f"{config.site_url.rstrip('/')}/{rel_card}", "image_alt": title,
                          "type": "website" if rel == "index.md" else "article", "locale": og_locale(lang)}


def plain(value) -> str:
    """Page titles and descriptions are escaped Markup by now (sitegen.plugin): their text again."""
    return markupsafe.Markup(value).unescape() if isinstance(value, markupsafe.Markup) else str(value)


def site_description(data, lang: str) -> str | None:
    return next((e.get("site_description") for e in data.campaign["languages"] if e["locale"] == lang), None)


@lru_cache(maxsize=16)
def og_locale(lang: str) -> str:
    """Open Graph's `language_TERRITORY` (`zh` -> `zh_CN`, `en` -> `en_US`), from CLDR's likely subtags."""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(lang.replace("-", "_").lower())
    if not likely:
        return lang.replace("-", "_")
    parts = likely.split("_")
    return f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else parts[0]
