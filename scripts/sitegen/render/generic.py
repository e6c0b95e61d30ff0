"""Generated blocks on the home page, the teachers' guide, the topics index and the 404 page.

Each block is built from the data files and lesson front matter and placed at the
end of a named section of the page (`{#id}`), so the prose stays hand-written and
the lists, tables and help channels are never copied by hand.
"""

from __future__ import annotations

import html
import re

from mkdocs.utils import get_relative_url

from sitegen import download_plan
from sitegen import sitedata
from sitegen.render.tel_links import linked
from sitegen.render.content import teacher_materials
from sitegen.render.blocks import call_label, first_steps, help_box, link_label, text_md
from sitegen.render.rendering import Rendering


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


def lesson_link(t, lang, lesson) -> tuple[str, str]:
    """A lesson in a list: `1. [title](lessons/slug.md)`, and its minutes in brackets ("" for a draft: none yet)."""
    minutes = t("paren", x=t("minutes", n=lesson.duration)) if lesson.duration else ""
    return f"{lesson.order}. [{link_label(lesson.title(lang))}](lessons/{lesson.slug}.md)", minutes


def lesson_list(data, lang) -> str:
    t = data.translator(lang)
    out = []
    for lesson in data.lessons:
        link, minutes = lesson_link(t, lang, lesson)
        description = lesson.meta(lang).get("description")
        out.append(link + minutes + (f"  \n   {description}" if description else ""))
    return "\n".join(out) + "\n"


def lesson_table(data, lang) -> str:
    """Each lesson with its duration and objectives: a list, so it reads on a phone as well as on paper."""
    t = data.translator(lang)
    out = ['<div class="lesson-plan" markdown>', ""]
    for lesson in data.lessons:
        link, minutes = lesson_link(t, lang, lesson)
        out += [f"**{link}**{minutes}", ""]
        out += [f"- {text_md(o)}" for o in lesson.meta(lang).get("objectives", [])] + [""]
    return "\n".join(out + ["</div>", ""])


def by_category(data, lang, entries, title) -> str:
    """Entries (topics or questions) under their category headings, in the campaign's category order."""
    out = []
    for category in data.campaign["categories"]:
        listed = [x for x in entries if x["category"] == category["id"]]
        if listed:
            out += [f"### {text_md(data.local(category, lang))} {{#{category['id']}}}", ""]
            out += [f"- [{link_label(title(x))}]({x['id']}.md)" for x in listed]
            out.append("")
    return "\n".join(out)


def topics_by_category(data, lang) -> str:
    return by_category(data, lang, data.topics, lambda x: data.topic_title(x, lang))


def questions_by_category(data, lang) -> str:
    return by_category(data, lang, data.questions, lambda x: data.local(x, lang))


def folder_list(data, lang, folder: str) -> str:
    """The pages of a folder with their descriptions, in file-name order (its index excluded)."""
    out = []
    for path in sorted((data.docs_dir / lang / folder).glob("*.md")):
        if path.name != "index.md":
            meta = sitedata.read_page(path).meta
            out.append(f"- [{link_label(meta.get('title', path.stem))}]({path.name})"
                       + (f"{data.t(lang, 'colon')}{text_md(meta['description'])}" if meta.get("description") else ""))
    return "\n".join(out) + "\n"


def downloads_list(r: Rendering) -> str:
    """Every download of this language: lesson PDFs, the course, the worksheets, the offline pack."""
    data, lang = r.data, r.lang
    t = data.translator(lang)
    prefix = data.prefix(lang)
    link = lambda target, label: f'<li><a href="{r.href(target)}">{html.escape(label)}</a></li>'  # noqa: E731
    lessons = [link(prefix + download_plan.lesson_pdf(lesson.slug),
                    f"{t('lesson_label', n=lesson.order)}{t('colon')}{lesson.title(lang)}{t('pdf_suffix')}")
               for lesson in data.lessons]
    lessons.append(link(prefix + download_plan.COURSE_PDF, t("pdf_course") + t("pdf_suffix")))
    tools = [link(prefix + download_plan.tool_pdf(path),
                  sitedata.read_page(path).meta.get("title", path.stem) + t("pdf_suffix"))
             for path in download_plan.tool_pages(data.docs_dir, lang)]
    pack = download_plan.offline_zip(data.campaign)
    out = [f"### {t('downloads_lessons')} {{#lesson-pdfs}}", "", '<ul class="downloads">', *lessons, "</ul>", ""]
    if tools:
        out += [f"### {t('nav_tools')} {{#tool-pdfs}}", "", '<ul class="downloads">', *tools, "</ul>", ""]
    out += [f"### {t('downloads_offline')} {{#offline-pack}}", "", '<ul class="downloads">',
            link(pack, t("downloads_offline_file", name=pack.rsplit("/", 1)[-1])), "</ul>", "",
            text_md(t("downloads_offline_text", folder=data.campaign["id"], prefix=prefix)), ""]
    return "\n".join(out)


def references_list(data, lang) -> str:
    """Every rule and document the site cites (docs/_data/references.yml), with where to read it."""
    out = []
    for ref in data.references:
        resource = data.resource(ref["resource"])
        link = f"{data.t(lang, 'colon')}[{link_label(data.local(resource, lang)['name'])}]({resource['url']})" if resource else ""
        pending = (f"{data.t(lang, 'paren', x=data.t(lang, 'to_confirm') + data.t(lang, 'colon') + text_md(data.local(ref['to_confirm'], lang)))}"
                   if ref.get("confidence") == "confirm" else "")
        out.append(f"- {text_md(data.local(ref, lang))}{pending}{link}")
    return "\n".join(out) + "\n"


# Pages about the site (about, licence, teachers' guide, downloads, the indexes) rank below
# the pages that answer a reader, so a word they share ("review", "licence") does not bury
# the answer. The theme reads a page's search boost from `search.boost`.
SITE_PAGE_BOOST = 0.5


def render(markdown, r: Rendering):
    """Generated blocks in the generic pages, each in its named section."""
    data, lang, path, source = r.data, r.lang, r.path, r.source
    if r.kind == "page" and path != "index.md" and not path.startswith("tools/"):
        r.page.meta.setdefault("search", {"boost": SITE_PAGE_BOOST})
    if path == "index.md":
        return first_steps(data, lang) + "\n" + help_box(data, lang) + "\n" + insert_into_section(
            markdown, "where-to-start", lesson_list(data, lang), source)
    if path == "teachers.md":
        markdown = insert_into_section(markdown, "using-the-lessons", lesson_table(data, lang), source)
        materials = "\n".join(teacher_materials(data, lang, lesson) for lesson in data.lessons)
        return insert_into_section(markdown, "lesson-materials", materials, source) if materials.strip() else markdown
    if path == "topics/index.md":
        return insert_into_section(markdown, "by-category", topics_by_category(data, lang), source)
    if path == "about.md" and data.references:
        return insert_into_section(markdown, "references", references_list(data, lang), source)
    if path == "downloads.md":
        return insert_into_section(markdown, "files", downloads_list(r), source)
    if path == "tools/index.md":
        return insert_into_section(markdown, "all-tools", folder_list(data, lang, "tools"), source)
    if path == "questions/index.md":
        return insert_into_section(markdown, "by-category", questions_by_category(data, lang), source)
    return markdown


def help_link(r: Rendering) -> None:
    """The "need help now" link at the top of every page: this page's help box, or the home page's."""
    data, lang, page = r.data, r.lang, r.page
    own_box = r.path == "index.md" or r.kind != "page"
    home = ""
    if not own_box:  # relative, so it works in the offline pack (file://) too
        prefix = data.prefix(lang)
        if r.config.use_directory_urls:
            home = get_relative_url(prefix, page.url).rstrip("/") + "/"
        else:
            home = get_relative_url(prefix + "index.html", page.url)
    page.meta["help_link"] = {"text": data.t(lang, "help_now"), "href": f"{home}#help"}
    page.meta["quick_exit"] = quick_exit(data, lang)


def quick_exit(data, lang: str) -> dict | None:
    """The "leave this site" button beside it: a plain link to the neutral site (campaign.yml `quick_exit`);
    site.js replaces the page instead, so that Back does not return here."""
    target = data.campaign.get("quick_exit")
    return {"text": data.t(lang, "quick_exit"), "href": target["url"]} if target else None


def not_found(context, config, lang: str):
    """The 404 page is a theme template, not a page: give it translated text and absolute links."""
    data = sitedata.site_data(config)
    root = data.home_path(config.site_url, lang)
    links = [(data.t(lang, "notfound_home"), root)]
    links += [(lesson.title(lang), f"{root}lessons/{lesson.slug}/") for lesson in data.lessons]
    for folder in ("questions", "topics"):
        index = data.docs_dir / lang / folder / "index.md"
        if index.exists():
            links.append((sitedata.read_page(index).meta.get("title", folder), f"{root}{folder}/"))
    urgent = [c for c in data.campaign["help_channels"] if c.get("urgent")]
    context["notfound"] = {"title": data.t(lang, "notfound_title"), "text": data.t(lang, "notfound_text"),
                           "links": links, "help_title": data.t(lang, "help_title"),
                           "help_intro": linked(data, lang, data.local(data.campaign["help_intro"], lang)),
                           "help": [(data.local(c, lang), c["number"], call_label(data, lang, c)) for c in urgent],
                           "help_more": data.t(lang, "help_more"), "home": root,
                           "help_link": {"text": data.t(lang, "help_now"), "href": "#help"},
                           "quick_exit": quick_exit(data, lang)}
    return context
