"""Order the navigation: top-level items as `extra.nav_order` lists them, lessons by their `order`.

Without a hand-written `nav`, MkDocs sorts pages by file name. File names are
URLs, which never change, so the order lives in data: `extra.nav_order` in
mkdocs.yml for the top level, each lesson's `order` front matter for the course.
"""

from __future__ import annotations

from mkdocs.structure.nav import Section

from sitegen import sitedata
from sitegen.render.rendering import lang_and_path
from sitegen.sitedata import page_kind


def _key(item, config) -> str:
    """`index.md`, `about.md`, or a folder name such as `lessons`, for an item of this language."""
    if isinstance(item, Section):
        first = next((c for c in item.children if getattr(c, "file", None)), None)
        return lang_and_path(first.file.src_uri, config)[1].split("/")[0] if first else item.title
    return lang_and_path(item.file.src_uri, config)[1] if getattr(item, "file", None) else item.title


def order(nav, config, top_order: list[str]):
    """Top-level items as `top_order` lists them (the plugin's `nav_order`), lessons by their `order`."""
    order = top_order
    rank = {name: n for n, name in enumerate(order)}
    nav.items.sort(key=lambda item: rank.get(_key(item, config), len(order)))
    data = sitedata.site_data(config)
    for section in (i for i in nav.items if isinstance(i, Section)):
        if _key(section, config) == "lessons":
            rank = {lesson.slug: n for n, lesson in enumerate(data.lessons)}  # the course's order
            section.children.sort(key=lambda page: rank.get(
                page_kind(lang_and_path(page.file.src_uri, config)[1])[1], len(rank)))
    # Previous/next links follow the same order.
    nav.pages[:] = [page for page in _flatten(nav.items)]
    for previous, page in zip([None] + nav.pages[:-1], nav.pages):
        page.previous_page = previous
        if previous:
            previous.next_page = page
    if nav.pages:
        nav.pages[-1].next_page = None
    return nav


def _flatten(items):
    for item in items:
        if isinstance(item, Section):
            yield from _flatten(item.children)
        elif getattr(item, "file", None):
            yield item
