"""Editorial rules on the Chinese text and the translations, read from the sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.testing import ROOT

TESTS = Path(__file__).resolve().parent  # the generator's tests: their fixtures and data, whichever campaign is under test

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

ZH = ROOT / "docs" / "zh"
PHRASES = [line.split("\t")[1] for line in (TESTS / "data/garbled_phrases.tsv").read_text(encoding="utf-8").splitlines()
           if line and not line.startswith("#")]
LESSONS = sorted(p.stem for p in (ZH / "lessons").glob("*.md"))


def zh_pages():
    return sorted(ZH.rglob("*.md"))


def test_phrase_list_is_complete():
    assert len(PHRASES) > 60


def reader_text(path: Path) -> str:
    """The page without its `source.heading`, which quotes the source article verbatim, garbles included."""
    return re.sub(r"^  heading: .*\n", "", path.read_text(encoding="utf-8"), count=1, flags=re.M)


@pytest.mark.parametrize("phrase", PHRASES)
def test_garbled_phrase_is_gone(phrase):
    hits = [p.relative_to(ROOT).as_posix() for p in zh_pages() if phrase in reader_text(p)]
    assert not hits, f"{phrase!r} still in {hits}"


def test_unidentifiable_notice_and_unsupported_claims_are_gone():
    # about.md describes what was removed, so it may name it; lessons and topics may not.
    text = "\n".join(p.read_text(encoding="utf-8") for p in zh_pages() if p.name != "about.md")
    assert "关于进一步加强管理有关事项的通知" not in text
    assert "减免部分费用" not in text
    assert "P2P" not in text
    assert "人民民法典" not in text


def test_restriction_on_consumption_is_described_as_court_enforcement():
    text = (ZH / "lessons/legal-protections.md").read_text(encoding="utf-8")
    assert "被执行人" in text and "判决" in text


def test_chinese_prose_uses_full_width_punctuation():
    checked = 0
    for path in zh_pages():
        body = re.sub(r"\A---\n.*?\n---\n", "", path.read_text(encoding="utf-8"), flags=re.S)
        body = re.sub(r"\{#[^}]+\}|\]\([^)]*\)|<[^>]+>|`[^`]*`", "", body)
        for number, line in enumerate(body.splitlines(), 1):
            assert not re.search(r"[\u4e00-\u9fff][,;!]|[,;!][\u4e00-\u9fff]", line), f"{path.name}: {line}"
            checked += 1
    assert checked, f"no lines of Chinese prose under {ZH}"


@pytest.mark.parametrize("slug", LESSONS)
def test_english_lesson_is_a_full_translation(slug):
    zh = (ZH / "lessons" / f"{slug}.md").read_text(encoding="utf-8")
    en = (ROOT / "docs/en/lessons" / f"{slug}.md").read_text(encoding="utf-8")
    body = lambda t: re.sub(r"\A---\n.*?\n---\n", "", t, flags=re.S)  # noqa: E731
    paragraphs = lambda t: [b for b in re.split(r"\n\s*\n", body(t).strip()) if b.strip()]  # noqa: E731
    assert len(paragraphs(zh)) == len(paragraphs(en)), "paragraph and list blocks differ in number"
    assert re.findall(r"\{#[^}]+\}", zh) == re.findall(r"\{#[^}]+\}", en)
    # An English body carries about as much text as the Chinese one (English runs ~1.5-3x the characters).
    assert len(body(en)) > 1.2 * len(body(zh)), "the English text is much shorter than the Chinese"
    assert "TODO" not in en and "TRANSLATE" not in en.upper().replace("TRANSLATED", "")
