"""Converted Markdown from the cache: the same page as converted afresh, again only when an input changed,
never when the conversion warned, and a stop when MkDocs' rendering sets something it would not restore."""

from __future__ import annotations

import logging

import pytest
from markdown import Extension
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure import pages
from mkdocs.structure.files import get_files

from sitegen import markdown_cache

PAGES = {"a.md": "# A\n\nSee [the part](b.md#part).\n\n## One\n\n### Two\n", "b.md": "# B\n\n## Part\n\nText.\n"}


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A two-page MkDocs project, the cache in tmp_path, and `Page.render` counted and wrapped by the cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name, text in PAGES.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nmarkdown_extensions: [toc, attr_list]\n", encoding="utf-8")
    calls = []
    original = pages.Page.render

    def counted(page, config, files):
        calls.append(page.file.src_uri)
        return original(page, config, files)
    monkeypatch.setattr(pages.Page, "render", markdown_cache.cached_render(counted))
    return tmp_path, calls


def rendered(root, name="a.md", extensions=None):
    config = load_config(str(root / "mkdocs.yml"))
    if extensions:
        config["markdown_extensions"] += extensions
    files = get_files(config)
    page = pages.Page(None, files.get_file_from_path(name), config)
    page.read_source(config)
    page.render(config, files)
    return page, files


def test_a_page_seen_before_comes_from_the_cache_as_it_was_converted(site):
    root, calls = site
    first, _ = rendered(root)
    again, files = rendered(root)
    assert calls == ["a.md"], "the second conversion was not taken from the cache"
    assert again.content == first.content and 'href="../b/#part"' in again.content
    assert [(i.title, i.id, i.level, [c.id for c in i.children]) for i in again.toc] == \
           [(i.title, i.id, i.level, [c.id for c in i.children]) for i in first.toc] != []
    assert again.title == first.title == "A"
    assert again.present_anchor_ids == first.present_anchor_ids and "one" in again.present_anchor_ids
    assert {f.src_uri: v for f, v in again.links_to_anchors.items()} == {"b.md": {"part": "b.md#part"}}
    assert next(iter(again.links_to_anchors)) is files.get_file_from_path("b.md")


def test_a_changed_page_or_a_changed_site_is_converted_again(site):
    root, calls = site
    rendered(root)
    (root / "docs/a.md").write_text(PAGES["a.md"] + "\nMore.\n", encoding="utf-8")
    assert "More." in rendered(root)[0].content
    (root / "docs/c.md").write_text("# C\n", encoding="utf-8")  # another file: links may resolve differently
    rendered(root)
    assert calls == ["a.md"] * 3


def test_a_conversion_that_warned_is_never_kept(site, caplog):
    root, calls = site
    (root / "docs/b.md").unlink()
    for _ in range(2):
        with caplog.at_level(logging.INFO):
            rendered(root)
        assert "b.md#part" in caplog.text, "MkDocs did not report the missing page"
        caplog.clear()
    assert calls == ["a.md", "a.md"]


class Unkeyed(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        pass


def test_an_extension_that_cannot_name_its_inputs_turns_the_cache_off(site):
    root, calls = site
    for _ in range(2):
        rendered(root, extensions=[Unkeyed()])
    assert calls == ["a.md", "a.md"]


def test_rendering_that_sets_something_more_stops_the_build(site, monkeypatch):
    root, _ = site

    def more(page, config, files):
        page.content, page.toc, page.extra_thing = "", [], 1
    monkeypatch.setattr(pages.Page, "render", markdown_cache.cached_render(more))
    with pytest.raises(PluginError, match="extra_thing"):
        rendered(root)
