"""YAML edits keep what contributors wrote: comments, order, quoting, layout; and read back as meant."""

from __future__ import annotations

import pytest
import yaml

from sitegen import sitedata, yaml_edit
from sitegen.testing import ROOT

pytestmark = pytest.mark.unit

PAGES = sorted(p for p in (ROOT / "docs").rglob("*.md") if sitedata.FRONT_MATTER.match(p.read_text(encoding="utf-8")))
DATA = sorted((ROOT / "docs" / "_data").glob("*.yml"))


def test_the_round_trip_changes_no_page_and_no_data_file():
    # An edit rewrites the whole front matter: it must come back byte for byte, on any campaign.
    changed = [p for p in PAGES if yaml_edit.edit_front_matter(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")]
    changed += [p for p in DATA if yaml_edit.dump(yaml_edit.load(p.read_text(encoding="utf-8"))) != p.read_text(encoding="utf-8")]
    assert PAGES and DATA
    assert not changed, [str(p.relative_to(ROOT)) for p in changed]


def test_setting_a_key_keeps_comments_order_and_quotes():
    page = ("---\n# written by hand\ntitle: 'A title'  # shown in the tab\nitems:\n  - one\n  - two\n"
            "translation: needed\n---\n\nBody.\n")
    out = yaml_edit.edit_front_matter(page, {"translated_from": "abc123"}, {"translation": "needed"})
    assert out == ("---\n# written by hand\ntitle: 'A title'  # shown in the tab\nitems:\n  - one\n  - two\n"
                   "translated_from: abc123\n---\n\nBody.\n")


@pytest.mark.parametrize("value", ["yes", "no", "on", "null", "~", "2e12", "0123", "123", "1.5", "2026-01-01",
                                   " padded", "a # b", "key: value", "- item", "'quoted'", ""])
def test_a_string_the_site_would_misread_is_quoted(value):
    out = yaml_edit.edit_front_matter("---\ntitle: T\n---\n", {"hash": value})
    assert yaml.safe_load(sitedata.FRONT_MATTER.match(out)[1]) == {"title": "T", "hash": value}


def test_a_page_without_front_matter_gets_one_and_an_emptied_one_is_removed():
    assert yaml_edit.edit_front_matter("# Title\n", {"k": "v"}) == "---\nk: v\n---\n\n# Title\n"
    assert yaml_edit.edit_front_matter("---\nk: v\n---\n\n# Title\n", remove={"k": "v"}) == "# Title\n"
    assert yaml_edit.edit_front_matter("---\nk: w\n---\n", remove={"k": "v"}) == "---\nk: w\n---\n"  # other value: kept


def test_broken_front_matter_is_a_located_error_and_nothing_else():
    with pytest.raises(sitedata.DataError) as err:
        yaml_edit.edit_front_matter('---\ntitle: "open\n---\n', {"k": "v"}, where="docs/en/page.md")
    assert str(err.value) == "docs/en/page.md:1: front matter is not valid YAML (`make check` says where)"


def test_appending_to_a_list_keeps_every_entry_and_comment():
    text = "# header\nitems:\n  - id: a  # first\n    tags: [x, y]\n"
    entry = yaml_edit.load("id: b\n")
    entry.yaml_add_eol_comment("new", "id")
    out = yaml_edit.append_to_list(text, "items", [entry], where="f.yml")
    assert out.startswith(text)
    assert out[len(text):] == "  - id: b  # new\n"
    empty = yaml_edit.append_to_list("# header\nitems: []\n", "items", [yaml_edit.load("id: b\n")])
    assert empty == "# header\nitems:\n  - id: b\n"
    bare = yaml_edit.append_to_list("items:\n", "items", [yaml_edit.load("id: b\n")])
    assert bare == "items:\n  - id: b\n"
    typed = yaml_edit.load("id: c\n")
    typed["line"], typed["draft"] = yaml_edit.scalar(4), yaml_edit.scalar(True)
    typed["source"] = yaml_edit.flow_map({"file": "a b.txt", "line": 4})
    out = yaml_edit.append_to_list("items: []\n", "items", [typed])
    assert out == "items:\n  - id: c\n    line: 4\n    draft: true\n    source: {file: a b.txt, line: 4}\n"
    assert yaml.safe_load(out)["items"][0] == {"id": "c", "line": 4, "draft": True, "source": {"file": "a b.txt", "line": 4}}


def test_appending_to_something_that_is_not_a_list_is_a_located_error():
    with pytest.raises(sitedata.DataError) as err:
        yaml_edit.append_to_list("items: 3\n", "items", [yaml_edit.load("id: b\n")], where="docs/_data/f.yml")
    assert str(err.value) == "docs/_data/f.yml:1: must be a mapping with a `items:` list"
