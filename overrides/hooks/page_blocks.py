"""Generated blocks on the home page, the teachers' guide, the topics index and the 404 page.

Each block is built from the data files and lesson front matter and placed at the
end of a named section of the page (`{#id}`), so the prose stays hand-written and
the lists, tables and help channels are never copied by hand.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import sitedata
from blocks import help_box, lang_and_path, link_label


def insert_into_section(markdown: str, section_id: str, block: str, path: str) -> str:
    """Put `block` at the end of the section whose heading has `{#section_id}`."""
    lines = markdown.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.search(rf"\{{#{re.escape(section_id)}\}}\s*$", line)), None)
    if start is None:
        raise sitedata.DataError(path, 1, f"needs a heading with {{#{section_id}}} for its generated block")
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next((i for i in range(start + 1, len(lines))
                if re.match(rf"^#{{1,{level}}}\s", lines[i])), len(lines))
    # A blank line on both sides, even when the section ends the file without a newline.
    return "".join(lines[:end]).rstrip("\n") + "\n\n" + block + "\n\n" + "".join(lines[end:])


def lesson_rows(data, lang):
    for slug in data.ordered_lessons():
        page = data.lesson(lang, slug)
        yield slug, page.meta, data.lesson_facts(slug)


def lesson_list(data, lang) -> str:
    t = lambda key, **kw: data.t(lang, key, **kw)  # noqa: E731
    return "\n".join(
        f"{facts['order']}. [{link_label(meta['title'])}](lessons/{slug}.md)"
        f"{t('paren', x=t('minutes', n=facts['duration'])) if facts['duration'] else ''}"  # drafts have none yet
        + (f"  \n   {meta['description']}" if meta.get("description") else "")
        for slug, meta, facts in lesson_rows(data, lang)
    ) + "\n"


def lesson_table(data, lang) -> str:
    t = lambda key, **kw: data.t(lang, key, **kw)  # noqa: E731
    rows = [f"| {t('lessons_table_lesson')} | {t('lessons_table_duration')} | {t('lessons_table_objectives')} |",
            "|---|---|---|"]
    for slug, meta, facts in lesson_rows(data, lang):
        objectives = "<br>".join(f"• {o}" for o in meta.get("objectives", []))
        rows.append(f"| {facts['order']}. [{link_label(meta['title'])}](lessons/{slug}.md) "
                    f"| {t('minutes', n=facts['duration']) if facts['duration'] else ''} | {objectives} |")
    return "\n".join(rows) + "\n"


def topics_by_category(data, lang) -> str:
    out = []
    for category in data.campaign["categories"]:
        topics = [x for x in data.topics if x["category"] == category["id"]]
        if topics:
            out += [f"### {data.local(category, lang)} {{#{category['id']}}}", ""]
            out += [f"- [{link_label(data.topic_title(x, lang))}]({x['id']}.md)" for x in topics]
            out.append("")
    return "\n".join(out)


def on_page_markdown(markdown, page, config, files):
    lang, path = lang_and_path(page.file.src_uri, config)
    data = sitedata.site_data(config)
    source = f"docs/{page.file.src_uri}"
    if path == "index.md":
        return help_box(data, lang) + "\n" + insert_into_section(
            markdown, "where-to-start", lesson_list(data, lang), source)
    if path == "teachers.md":
        return insert_into_section(markdown, "using-the-lessons", lesson_table(data, lang), source)
    if path == "topics/index.md":
        return insert_into_section(markdown, "by-category", topics_by_category(data, lang), source)
    return markdown


def on_template_context(context, template_name, config):
    """The 404 page is a theme template, not a page: give it translated text and absolute links."""
    if template_name != "404.html":
        return context
    data = sitedata.site_data(config)
    lang = config.plugins["i18n"].current_language
    root = urlsplit(config.site_url).path.rstrip("/") + "/" + ("" if lang == data.default else f"{lang}/")
    links = [(data.t(lang, "notfound_home"), root)]
    links += [(meta["title"], f"{root}lessons/{slug}/") for slug, meta, _ in lesson_rows(data, lang)]
    topics_index = data.docs_dir / lang / "topics" / "index.md"
    if topics_index.exists():
        links.append((sitedata.read_page(topics_index).meta.get("title", "topics"), f"{root}topics/"))
    context["notfound"] = {"title": data.t(lang, "notfound_title"), "text": data.t(lang, "notfound_text"),
                           "links": links}
    return context
