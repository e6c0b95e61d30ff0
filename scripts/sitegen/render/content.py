"""Render lesson, topic and question pages around their hand-written text.

Lessons declare objectives, key points, questions, activities and exit tickets in
front matter; topics and questions are declared in docs/_data/. This module turns
them into Markdown before rendering, so the blocks get heading ids, appear in the
table of contents and the search index, and are never written by hand twice.

Every such page opens the way an anxious reader needs it: the title, what the
page helps with, and the help lines one tap away. The teaching header and the
teaching blocks stay on the page for schools, grouped in collapsed sections.

Drafts from `make import` (`draft: true`) build with a draft notice; blocks whose
front matter is not written yet are left out.
"""

from __future__ import annotations

from sitegen import download_plan, records
from sitegen.render.tel_links import linked
from sitegen.render.blocks import (help_box_short, help_strip, link_label, related_questions, review_note,
                                   sources_block, text_md, unindexed)
from sitegen.render.rendering import Rendering


def render(markdown, r: Rendering):
    """A lesson, topic or question page (or another page that declares sources) around its own text."""
    if isinstance(r.record, records.Lesson):
        return lesson_page(r, r.record, markdown)
    if isinstance(r.record, records.Topic):
        return topic_page(r, r.record, markdown)
    if isinstance(r.record, records.Question):
        return question_page(r, r.record, markdown)
    if r.kind != "page":
        return markdown  # an undeclared topic or question: `make check` reports it with its file and line
    data, lang, facts = r.data, r.lang, r.facts
    if facts.get("reviewed") or facts.get("sources"):  # a tool or guide that relies on rules
        home = "../" * r.path.count("/")
        tail = [sources_block(data, lang, facts["sources"])] if facts.get("sources") else []
        return markdown + "\n".join(tail) + "\n" + review_note(data, lang, facts, home, url=r.page.canonical_url)
    return markdown


def draft_notice(data, lang) -> str:
    return f'!!! warning "{data.t(lang, "draft_title")}"\n\n    {data.t(lang, "draft_notice")}\n\n'


def lesson_page(r: Rendering, lesson: records.Lesson, markdown: str) -> str:
    data, lang = r.data, r.lang
    meta = lesson.meta(lang)
    pdf = r.href(data.prefix(lang) + download_plan.lesson_pdf(lesson.slug))
    if lesson.draft:  # not yet a learning resource to advertise, nor a page for search engines
        r.page.meta["robots"] = "noindex"
    else:
        r.page.meta["jsonld"] = learning_resource(r, lesson)
    lead = f'<p class="page-lead">{linked(data, lang, meta["description"])}</p>\n\n' if meta.get("description") else ""
    return ((draft_notice(data, lang) if lesson.draft else "") + lead + help_strip(data, lang)
            + lesson_header(data, lang, lesson, pdf) + markdown + lesson_footer(r, lesson))


def learning_resource(r: Rendering, lesson: records.Lesson) -> dict:
    """schema.org LearningResource for the page head (rendered by overrides/main.html): the lesson at
    `position` of the course, the site in the lesson's language."""
    data, lang = r.data, r.lang
    meta = lesson.meta(lang)
    return {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "name": meta["title"],
        "description": meta.get("description", ""),
        "inLanguage": data.t(lang, "html_lang"),
        "timeRequired": f"PT{int(lesson.duration)}M",
        "teaches": list(meta.get("objectives", [])),
        "educationalLevel": [data.t(lang, f"level_{code}") for code in lesson.level],
        "learningResourceType": "lesson",
        "license": data.campaign["licence"]["url"],
        "url": r.canonical_url(f"lessons/{lesson.slug}/"),
        "position": lesson.order,
        "isPartOf": {"@type": "Course", "name": data.site_name(r.config, lang), "url": r.canonical_url("")},
    }


def teaching_group(summary: str, body: list[str], ident: str) -> list[str]:
    """A collapsed group for teachers: closed for readers, opened by links to its ids and in print."""
    return ["", f'<details class="teaching" id="{ident}" markdown>', f"<summary>{summary}</summary>", "",
            *body, "", "</details>", ""]


def lesson_header(data, lang, lesson, pdf: str) -> str:
    t = data.translator(lang)
    meta = lesson.meta(lang)
    objectives = meta.get("objectives") or []
    minutes = t("minutes", n=lesson.duration) if lesson.duration else ""
    summary = t("teaching_info", n=lesson.order) + (t("list_sep") + minutes if minutes else "")
    body = [
        f'<p class="lesson-header__label">{t("lesson_label", n=lesson.order)}</p>',
        "",
        f'<p><a class="lesson-header__pdf" href="{pdf}">{t("lesson_pdf")}</a></p>',
        "",
        *([f"**{t('duration')}**{t('colon')}{minutes}  "] if minutes else []),
        *([f"**{t('audience')}**{t('colon')}{text_md(meta['audience'])}"] if meta.get("audience") else []),
        "",
        *([f"## {t('objectives')} {{#objectives}}", "", *[f"- {text_md(item)}" for item in objectives], ""]
          if objectives else []),
    ]
    out = teaching_group(summary, ['<div class="lesson-header" markdown>', "", *body, "</div>"], "teaching-info")
    if meta.get("diagram"):
        out.append(step_diagram(data, lang, meta["diagram"]))
    return "\n".join(out) + "\n"


def step_diagram(data, lang, diagram) -> str:
    """An ordered list drawn as a row of steps: the list text is its own text alternative."""
    items = "\n".join(
        f'<li class="step-diagram__step"><strong>{linked(data, lang, step["title"])}</strong> '
        f'<span>{linked(data, lang, step.get("text", ""))}</span></li>'
        for step in diagram["steps"]
    )
    return (
        '<figure class="step-diagram" aria-labelledby="step-diagram-title">\n'
        f'<figcaption id="step-diagram-title">{text_md(diagram["title"])}</figcaption>\n'
        f'<ol class="step-diagram__steps">\n{items}\n</ol>\n</figure>\n\n'
    )


def qa_list(data, lang, items, answers: bool) -> list[str]:
    """Numbered questions; with `answers`, each followed by its model answer for the teacher."""
    out = []
    for n, item in enumerate(items, 1):
        question, answer = (item, None) if isinstance(item, str) else (item.get("question"), item.get("answer"))
        out.append(f"{n}. {text_md(question)}")
        if answers and answer:
            out += ["", f'    <span class="model-answer">{data.t(lang, "model_answer")}'
                        f'{data.t(lang, "colon")}</span>{text_md(answer)}', ""]
    return out


def teaching_blocks(data, lang, lesson) -> list[str]:
    """What a teacher uses in class, on the lesson page: key terms, questions and the activity."""
    t = data.translator(lang)
    meta = lesson.meta(lang)
    out = []
    if meta.get("key_terms"):
        out += ["", f"## {t('key_terms')} {{#key-terms}}", ""]
        out += [f"- **{text_md(term['term'])}**{t('colon')}{text_md(term['definition'])}" for term in meta["key_terms"]]
    if meta.get("questions"):
        out += ["", f"## {t('questions')} {{#discussion}}", "", *qa_list(data, lang, meta["questions"], answers=False)]
    activity = meta.get("activity")
    if activity:
        minutes = lesson.activity_minutes  # a fact, declared once in the default language's front matter
        timing = t("paren", x=t("activity_minutes", n=minutes)) if minutes else ""
        out += ["", f"## {t('activity')} {{#activity}}", "", f"**{text_md(activity.get('title', ''))}**{timing}", ""]
        if activity.get("materials"):
            out += [f"**{t('materials')}**{t('colon')}", "", *[f"- {text_md(m)}" for m in activity["materials"]], ""]
        out += [f"{n}. {text_md(step)}" for n, step in enumerate(activity.get("steps", []), 1)]
    if has_teacher_materials(meta):
        # Answers, cards and the exit ticket are for the teacher: they live in the teachers'
        # guide, so a reader's phone does not download them with every lesson.
        out += ["", f"[{t('teacher_materials_link')}](../teachers.md#lesson-{lesson.slug})"]
    return out


def has_teacher_materials(meta) -> bool:
    questions = meta.get("questions") or []
    return bool(any(isinstance(q, dict) and q.get("answer") for q in questions)
                or (meta.get("activity") or {}).get("cards") or meta.get("exit_ticket") or meta.get("adapt"))


def teacher_materials(data, lang, lesson) -> str:
    """A lesson's section of the teachers' guide: model answers, activity cards, exit ticket, adapting."""
    t = data.translator(lang)
    meta, slug = lesson.meta(lang), lesson.slug
    if not has_teacher_materials(meta):
        return ""
    out = [f"### {t('lesson_label', n=lesson.order)}{t('colon')}{text_md(meta['title'])} {{#lesson-{slug}}}", "",
           f"[{t('back_to_lesson')}](lessons/{slug}.md)", ""]
    if meta.get("questions"):
        out += [f"#### {t('questions')} {{#{slug}-answers}}", "", *qa_list(data, lang, meta["questions"], answers=True), ""]
    cards = (meta.get("activity") or {}).get("cards")
    if cards:
        out += [f"#### {t('activity_cards')}{t('colon')}{text_md(meta['activity'].get('title', ''))} {{#{slug}-cards}}",
                "", '<ol class="activity-cards">']
        for card in cards:
            answer = (f'<p class="activity-card__answer"><span class="model-answer">{t("card_answer")}'
                      f'{t("colon")}</span>{linked(data, lang, card["answer"])}</p>') if card.get("answer") else ""
            out.append(f'<li class="activity-card"><p>{linked(data, lang, card["text"])}</p>{answer}</li>')
        out += ["</ol>", ""]
    if meta.get("exit_ticket"):
        out += [f"#### {t('exit_ticket')} {{#{slug}-exit-ticket}}", "",
                *qa_list(data, lang, meta["exit_ticket"], answers=True), ""]
    if meta.get("adapt"):
        out += [f"#### {t('adapt')} {{#{slug}-adapt}}", ""]
        out += [f"- **{t(f'level_{level}')}**{t('colon')}{text_md(text)}" for level, text in meta["adapt"].items()]
    return "\n".join(out) + "\n"


def lesson_footer(r: Rendering, lesson: records.Lesson) -> str:
    data, lang = r.data, r.lang
    t = data.translator(lang)
    meta, facts = lesson.meta(lang), r.facts
    out = []
    if meta.get("key_points"):
        out += ["", f"## {t('key_points')} {{#key-points}}", ""]
        out += [f"- {text_md(point)}" for point in meta["key_points"]]
    blocks = teaching_blocks(data, lang, lesson)
    if blocks:
        out += teaching_group(t("teaching_blocks"), blocks, "for-teachers")
    if facts.get("sources"):
        out.append(sources_block(data, lang, facts["sources"]))
    out.append(related_questions(data, lang, lesson))
    out += related_topics(data, lang, data.topics_for(lesson))
    out += ["", help_box_short(data, lang), "", cite_box(r, lesson), "",
            review_note(data, lang, facts, legal=True, url=r.canonical_url(f"lessons/{lesson.slug}/"))]
    return "\n".join(out) + "\n"


def cite_box(r: Rendering, lesson: records.Lesson) -> str:
    data, lang = r.data, r.lang
    t = data.translator(lang)
    url = r.canonical_url(f"lessons/{lesson.slug}/")
    licence = data.campaign["licence"]
    citation = t("cite_format", holder=data.local(licence["holder"], lang), title=lesson.title(lang),
                 site=data.site_name(r.config, lang), url=url, licence=licence["name"])
    return "\n".join([
        '<div class="cite-box" data-search-exclude markdown>',
        "",
        f"## {t('cite')} {{#cite}}",
        "",
        f"{t('cite_url')}{t('colon')}<{url}>",
        "",
        f"{t('cite_text')}{t('colon')}{text_md(citation)}",
        "",
        "</div>",
    ])


def related_lessons(data, lang, refs) -> list[str]:
    if not refs:
        return []
    out = []
    for ref in refs:
        slug, _, anchor = ref.partition("#")
        lesson = data.lesson(slug)
        if lesson is None or lang not in lesson.pages:
            continue  # `make check` reports the dangling reference
        heading = lesson.heading(lang, anchor) or anchor
        out.append(f"- [{link_label(lesson.title(lang))} › {link_label(heading)}](../lessons/{slug}.md#{anchor})")
    return unindexed(f"## {data.t(lang, 'related_lessons')} {{#related-lessons}}", out, "related")


def related_topics(data, lang, topics) -> list[str]:
    if not topics:
        return []
    return unindexed(f"## {data.t(lang, 'related_topics')} {{#related-topics}}",
                     [f"- [{link_label(data.topic_title(x, lang))}](../topics/{x['id']}.md)" for x in topics], "related")


def topic_page(r: Rendering, topic: records.Topic, markdown: str) -> str:
    data, lang = r.data, r.lang
    t = data.translator(lang)
    r.page.meta["title"] = data.topic_title(topic, lang)
    category = data.category(topic.category)
    head = [draft_notice(data, lang)] if topic.draft else []
    if topic.draft:
        r.page.meta["robots"] = "noindex"
    head += [
        f'<p class="topic-meta">{t("topic_category")}{t("colon")}'
        f'<a href="../#{category["id"]}">{text_md(data.local(category, lang))}</a></p>',
    ]
    if topic.get("alias"):  # how readers phrase it online, when the topic came from a source's list
        head.append(f'<p class="topic-alias">{t("alias_note")} “{text_md(topic["alias"])}”</p>')
    head.append("")
    facts = r.facts
    tail = [sources_block(data, lang, facts["sources"])] if facts.get("sources") else []
    tail.append(related_questions(data, lang, topic))
    tail += related_lessons(data, lang, topic.lessons)
    tail += topic_resources(data, lang, topic)
    tail += ["", help_box_short(data, lang), review_note(data, lang, facts, legal=True, url=r.page.canonical_url)]
    return "\n".join(head) + help_strip(data, lang) + markdown + "\n".join(tail) + "\n"


def topic_resources(data, lang, topic: records.Topic) -> list[str]:
    """The official resources (campaign.yml) a topic names, each with what it is for."""
    t = data.translator(lang)
    resources = [res for res in data.campaign["resources"] if res["id"] in topic.get("resources", [])]
    if not resources:
        return []
    return unindexed(f"## {t('resources')} {{#resources}}", [
        f"- [{link_label(data.local(res, lang)['name'])}]({res['url']}){t('colon')}{text_md(data.local(res, lang)['use'])}"
        for res in resources], "related")


def question_page(r: Rendering, question: records.Question, markdown: str) -> str:
    data, lang = r.data, r.lang
    t = data.translator(lang)
    r.page.meta["title"] = data.local(question, lang)
    aliases = (question.get("aliases") or {}).get(lang) or []
    # How readers ask it: shown after the answer (which comes first), so a search for their words finds it.
    asked = ["", f'<p class="topic-alias">{t("alias_note")} '
             + t("list_sep").join(f"“{linked(data, lang, a)}”" for a in aliases) + "</p>", ""] if aliases else []
    facts = r.facts
    tail = asked + [sources_block(data, lang, facts["sources"])]
    tail += related_lessons(data, lang, question.lessons)
    tail += related_topics(data, lang, [x for x in (data.topic(i) for i in question.topics) if x])
    tail += ["", help_box_short(data, lang), review_note(data, lang, facts, legal=True, url=r.page.canonical_url)]
    return help_strip(data, lang) + markdown + "\n".join(tail) + "\n"
