"""Render the teaching blocks of lesson and topic pages from front matter and data.

Lesson pages declare objectives, key points, questions and an activity in front
matter; topics are declared in docs/_data/topics.yml. This hook turns them into
Markdown before rendering, so the blocks get heading ids, appear in the table of
contents and the search index, and are never written by hand twice.

Drafts from `make import` (`draft: true`) build with a draft notice; blocks whose
front matter is not written yet are left out.
"""

from __future__ import annotations

import sitedata
from blocks import canonical_url, help_box_short, lang_and_path, link_label, page_kind


def on_pre_build(config):
    sitedata.reload()  # `mkdocs serve` rebuilds: re-read the data files


def on_page_markdown(markdown, page, config, files):
    lang, path = lang_and_path(page.file.src_uri, config)
    kind, slug = page_kind(path)
    data = sitedata.site_data(config)
    if kind == "lesson":
        page.meta.update(data.lesson_facts(slug))
        draft = data.lesson(data.default, slug).meta.get("draft")
        if draft:  # not yet a learning resource to advertise, nor a page for search engines
            page.meta["robots"] = "noindex"
        else:
            page.meta["jsonld"] = learning_resource(data, lang, slug, page.meta, config)
        return ((draft_notice(data, lang) if draft else "") + lesson_header(data, lang, page.meta) + markdown
                + lesson_footer(data, lang, slug, page.meta, config))
    if kind == "topic":
        return topic_page(data, lang, slug, page, markdown)
    return markdown


def draft_notice(data, lang) -> str:
    return f'!!! warning "{data.t(lang, "draft_title")}"\n\n    {data.t(lang, "draft_notice")}\n\n'


def learning_resource(data, lang, slug, meta, config) -> dict:
    """schema.org LearningResource for the page head (rendered by overrides/main.html)."""
    return {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "name": meta["title"],
        "description": meta.get("description", ""),
        "inLanguage": data.t(lang, "html_lang"),
        "timeRequired": f"PT{int(meta['duration'])}M",
        "teaches": list(meta.get("objectives", [])),
        "educationalLevel": [data.t(lang, f"level_{code}") for code in meta.get("level") or []],
        "learningResourceType": "lesson",
        "license": data.campaign["licence"]["url"],
        "url": canonical_url(config, lang, f"lessons/{slug}/"),
        "position": meta["order"],
    }


def lesson_header(data, lang, meta) -> str:
    t = lambda key, **kw: data.t(lang, key, **kw)  # noqa: E731
    levels = t("list_sep").join(t(f"level_{code}") for code in meta.get("level") or [])
    audience = meta.get("audience", "") + (t("paren", x=levels) if levels else "")
    objectives = meta.get("objectives") or []
    out = [
        '<div class="lesson-header" markdown>',
        f'<p class="lesson-header__label">{t("lesson_label", n=meta["order"])}</p>',
        "",
        *([f"**{t('duration')}**{t('colon')}{t('minutes', n=meta['duration'])}  "] if meta.get("duration") else []),
        *([f"**{t('audience')}**{t('colon')}{audience}"] if audience else []),
        "",
        *([f"## {t('objectives')} {{#objectives}}", "", *[f"- {item}" for item in objectives], ""] if objectives else []),
        "</div>",
        "",
    ]
    if meta.get("diagram"):
        out.append(step_diagram(meta["diagram"]))
    return "\n".join(out) + "\n"


def step_diagram(diagram) -> str:
    """An ordered list drawn as a row of steps: the list text is its own text alternative."""
    items = "\n".join(
        f'<li class="step-diagram__step"><strong>{step["title"]}</strong> '
        f'<span>{step.get("text", "")}</span></li>'
        for step in diagram["steps"]
    )
    return (
        '<figure class="step-diagram" aria-labelledby="step-diagram-title">\n'
        f'<figcaption id="step-diagram-title">{diagram["title"]}</figcaption>\n'
        f'<ol class="step-diagram__steps">\n{items}\n</ol>\n</figure>\n\n'
    )


def lesson_footer(data, lang, slug, meta, config) -> str:
    t = lambda key, **kw: data.t(lang, key, **kw)  # noqa: E731
    out = []
    if meta.get("key_points"):
        out += ["", f"## {t('key_points')} {{#key-points}}", ""]
        out += [f"- {point}" for point in meta["key_points"]]
    if meta.get("key_terms"):
        out += ["", f"## {t('key_terms')} {{#key-terms}}", ""]
        out += [f"- **{term['term']}**{t('colon')}{term['definition']}" for term in meta["key_terms"]]
    if meta.get("questions"):
        out += ["", f"## {t('questions')} {{#discussion}}", ""]
        out += [f"{n}. {question}" for n, question in enumerate(meta["questions"], 1)]
    activity = meta.get("activity")
    if activity:
        # Minutes are a fact, declared once in the default language's front matter.
        minutes = data.lesson(data.default, slug).meta.get("activity", {}).get("minutes")
        timing = t("paren", x=t("activity_minutes", n=minutes)) if minutes else ""
        out += ["", f"## {t('activity')} {{#activity}}", "", f"**{activity.get('title', '')}**{timing}", ""]
        out += [f"{n}. {step}" for n, step in enumerate(activity.get("steps", []), 1)]
    topics = data.topics_for_lesson(slug)
    if topics:
        out += ["", f"## {t('related_topics')} {{#related-topics}}", ""]
        out += [f"- [{link_label(data.topic_title(topic, lang))}](../topics/{topic['id']}.md)" for topic in topics]
    out += ["", help_box_short(data, lang), "", cite_box(data, lang, slug, meta, config)]
    return "\n".join(out) + "\n"


def cite_box(data, lang, slug, meta, config) -> str:
    t = lambda key, **kw: data.t(lang, key, **kw)  # noqa: E731
    url = canonical_url(config, lang, f"lessons/{slug}/")
    licence = data.campaign["licence"]
    citation = t("cite_format", holder=data.local(licence["holder"], lang), title=meta["title"],
                 site=data.site_name(config, lang), url=url, licence=licence["name"])
    return "\n".join([
        '<div class="cite-box" markdown>',
        "",
        f"## {t('cite')} {{#cite}}",
        "",
        f"{t('cite_url')}{t('colon')}<{url}>",
        "",
        f"{t('cite_text')}{t('colon')}{citation}",
        "",
        "</div>",
    ])


def topic_page(data, lang, ident, page, markdown) -> str:
    t = lambda key, **kw: data.t(lang, key, **kw)  # noqa: E731
    topic = data.topic(ident)
    if topic is None:
        return markdown  # `make check` reports the undeclared topic with its file and line
    page.meta["title"] = data.topic_title(topic, lang)
    category = data.category(topic["category"])
    head = [draft_notice(data, lang)] if topic.get("draft") else []
    if topic.get("draft"):
        page.meta["robots"] = "noindex"
    head += [
        f'<p class="topic-meta">{t("topic_category")}{t("colon")}'
        f'<a href="../#{category["id"]}">{data.local(category, lang)}</a></p>',
        f'<p class="topic-alias">{t("alias_note")} “{topic["alias"]}”</p>',
        "",
    ]
    tail = ["", f"## {t('related_lessons')} {{#related-lessons}}", ""] if topic.get("lessons") else []
    for ref in topic.get("lessons") or []:
        slug, anchor = ref.split("#")
        if slug not in data.lessons[lang]:
            continue  # `make check` reports the dangling reference in topics.yml
        lesson = data.lesson(lang, slug)
        heading = data.heading_text(lang, slug, anchor) or anchor
        tail.append(f"- [{link_label(lesson.meta['title'])} › {link_label(heading)}](../lessons/{slug}.md#{anchor})")
    resources = [r for r in data.campaign["resources"] if r["id"] in topic.get("resources", [])]
    if resources:
        tail += ["", f"## {t('resources')} {{#resources}}", ""]
        tail += [f"- [{data.local(r, lang)['name']}]({r['url']}){t('colon')}{data.local(r, lang)['use']}" for r in resources]
    tail += ["", help_box_short(data, lang)]
    return "\n".join(head) + markdown + "\n".join(tail) + "\n"
