"""Markdown fragments shared by the page renderers: help boxes, sources, review notes, links.

Every fragment is built from the data files, so a phone number, a rule's name or a
review date is written once and shown wherever it is needed.
"""

from __future__ import annotations

import datetime
import html
import urllib.parse
from typing import TYPE_CHECKING

from sitegen import sitedata, situation

if TYPE_CHECKING:
    from sitegen.render.rendering import Rendering


def require_tool(r: Rendering, tool: str, marker: str) -> None:
    """A page's block for a tool the campaign has not turned on (mkdocs.yml, sitegen `tools:`) fails at
    its line, saying how to turn it on."""
    if tool in r.config.plugins["sitegen"].config.tools:
        return
    line = next((n for n, text in enumerate(r.file.read_text(encoding="utf-8").splitlines(), 1) if marker in text), 1)
    raise sitedata.DataError(r.source, line,
                             f"{marker} belongs to the {tool} tool, which is off: add `{tool}` to `tools:` "
                             "under the sitegen plugin in mkdocs.yml")


def use_script(page, script: str) -> None:
    """Load `script` on this page (sitegen/theme/main.html reads `scripts`), once, after those named before it."""
    scripts = page.meta.get("scripts") or []
    page.meta["scripts"] = scripts if script in scripts else [*scripts, script]


def link_label(text: str) -> str:
    """A data value as a Markdown link label: escaped, so it is shown as written."""
    return text_md(text).replace("[", "\\[").replace("]", "\\]")


def text_md(text) -> str:
    """A plain-text data value placed in Markdown: HTML-escaped, so markup in data never reaches readers raw."""
    return html.escape(str(text), quote=False)


def unindexed(heading: str, lines: list[str], cls: str) -> list[str]:
    """A generated list (related links, sources) under its heading, kept out of the search index.

    Otherwise every page that links to a section would match a search for that section's
    title. The heading stays outside the excluded block, so the theme indexes it normally.
    """
    return ["", heading, "", f'<div class="{cls}" data-search-exclude markdown>', "", *lines, "", "</div>", ""]


def channels(data, flag: str) -> list[dict]:
    return [c for c in data.campaign["help_channels"] if c.get(flag)]


def call_label(data, lang: str, channel: dict, shown: str | None = None) -> str:
    """The accessible name of a tap-to-call link: the words it shows (`shown`, the number when None), first
    (WCAG 2.5.3), then what it does and whom it reaches, the number's digits spaced so that a screen
    reader reads them one by one ("1 2 3 4 8", not "twelve thousand…")."""
    spoken = data.t(lang, "call", number=" ".join(channel["number"]), name=data.local(channel, lang)["name"])
    return f"{shown or channel['number']}{data.t(lang, 'colon')}{spoken}"


def tel_link(data, lang: str, channel: dict, text: str | None = None, cls: str = "tel") -> str:
    """A tap-to-call link. Its accessible name starts with the words it shows (WCAG 2.5.3)."""
    number = channel["number"]
    shown = text or number
    name = call_label(data, lang, channel, shown)
    return f'<a class="{cls}" href="tel:{number}" aria-label="{html.escape(name)}">{html.escape(shown)}</a>'



def _channel_line(data, lang, channel, with_use: bool) -> str:
    text = data.local(channel, lang)
    number = f" **{channel['number']}**" if channel.get("number") else ""
    line = f"- {text_md(text['name'])}{number}"
    return line + (f"{data.t(lang, 'colon')}{text_md(text['use'])}" if with_use else "")


def first_steps(data, lang: str) -> str:
    """What to do first (campaign.yml `first_steps`): above the help numbers on the home page's first screen."""
    steps = data.campaign.get("first_steps")
    if not steps:
        return ""
    lines = ['<div class="first-steps" markdown>', "",
             f"## {text_md(data.local(steps['title'], lang))} {{#first-steps}}", ""]
    lines += [f"{n}. [{link_label(data.local(step, lang))}]({step['page']})" for n, step in enumerate(steps["steps"], 1)]
    return "\n".join(lines + ["", "</div>", ""])


def situation_link(data, lang: str, base: str) -> list[str]:
    """A paragraph linking to the guided check (docs/_data/situation.yml), when the campaign has one.
    `base`: the way from the page to its language's folder."""
    model = situation.load(data.docs_dir, data.languages)
    if model is None:
        return []
    return [f'[{data.t(lang, "situation_link")}]({base}{model.page}){{: .situation-link }}', ""]


def help_box(data, lang: str) -> str:
    """The full "If you need help now" box: the most urgent channels first, all of them one tap away."""
    urgent = channels(data, "urgent")
    lines = ['<div class="help-box" markdown>', "", f"## {data.t(lang, 'help_title')} {{#help}}", "",
             text_md(data.local(data.campaign["help_intro"], lang)), ""]
    # The urgent lines fit one phone screen; every channel, with what it is for, is one tap away.
    lines += [_channel_line(data, lang, c, False) for c in urgent]
    lines += ["", *situation_link(data, lang, "")]
    lines += ['<details class="help-box__more" markdown>',
              f"<summary>{data.t(lang, 'help_more_channels')}</summary>", ""]
    lines += [_channel_line(data, lang, c, True) for c in data.campaign["help_channels"]]
    lines += ["", "</details>"]
    return "\n".join(lines + ["", "</div>", ""])


def help_strip(data, lang: str) -> str:
    """One line near the top of a page: the urgent numbers as tap-to-call buttons, and the way to the rest."""
    buttons = " ".join(tel_link(data, lang, c, f"{data.local(c, lang).get('label') or data.local(c, lang)['name']} {c['number']}", "tel help-strip__call")
                       for c in channels(data, "urgent"))
    return (f'<p class="help-strip" data-search-exclude><span class="help-strip__title">{data.t(lang, "help_short")}</span> '
            f'{buttons} <a class="help-strip__more" href="#help">{data.t(lang, "help_more")}</a></p>\n\n')


def help_box_short(data, lang: str, home: str = "../index.md") -> str:
    """A compact box at the end of lessons, topics and questions, linking to the full list on the home page."""
    lines = ['<div class="help-box help-box--short" id="help" data-search-exclude markdown>', "",
             f'<p class="help-box__title">{data.t(lang, "help_short")}</p>', ""]
    lines += [_channel_line(data, lang, c, False) for c in channels(data, "short")]
    lines += ["", *situation_link(data, lang, home.removesuffix("index.md"))]
    lines += [f"[{data.t(lang, 'help_more')}]({home}#help)", "", "</div>", ""]
    return "\n".join(lines)


def format_date(data, lang: str, value) -> str:
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    months = data.t(lang, "months").split()
    return data.t(lang, "date", y=day.year, m=day.month, d=day.day, month=months[day.month - 1])


def sources_block(data, lang: str, ids: list[str] | None) -> str:
    """The "Sources" list: each rule's name and where its official text is published."""
    t = data.translator(lang)
    heading, out = f"## {t('sources')} {{#sources}}", []
    refs = [r for r in (data.reference(i) for i in ids or []) if r]  # unknown ids: reported by `make check`
    if not refs:
        return "\n".join(unindexed(heading, [t("sources_none")], "sources"))
    for ref in refs:
        resource = data.resource(ref["resource"])
        where = ""
        if resource:
            name = link_label(data.local(resource, lang)["name"])
            where = t("paren", x=f"[{name}]({resource['url']})")
        out.append(f"- {text_md(data.local(ref, lang))}{where}")
    return "\n".join(unindexed(heading, out, "sources"))


def feedback_link(data, lang: str, url: str, reviewed=None) -> str:
    """"Was this page helpful?" with a plain `mailto:` link (campaign.yml `feedback`): no script, no
    analytics. The message names the page (`url`) and its version (the date it was last reviewed)."""
    feedback = data.campaign.get("feedback")
    if not feedback:
        return ""
    t = data.translator(lang)
    body = [t("feedback_page", url=url)] if url else []
    body += [t("feedback_version", date=str(reviewed))] if reviewed else []
    body += ["", t("feedback_prompt"), ""]
    subject = t("feedback_subject", url=url) if url else t("feedback_question")
    # RFC 6068: every reserved character %-escaped, lines ending in CRLF.
    href = (f"mailto:{feedback['email']}?subject={urllib.parse.quote(subject, safe='')}"
            f"&body={'%0D%0A'.join(urllib.parse.quote(line, safe='') for line in body)}")
    return (f'<p class="feedback">{html.escape(t("feedback_question"), quote=False)} '
            f'<a href="{html.escape(href)}">{html.escape(t("feedback_link"), quote=False)}</a></p>')


def review_note(data, lang: str, facts: dict, home: str = "../", legal: bool = False, url: str = "") -> str:
    """The page's foot: when it was last reviewed, when it is due again, and what is still to confirm,
    and the feedback link (`url`: the page's canonical URL, which the message names).

    The legal note ("not legal advice", and where to get it) goes on every page that lists
    sources, and on every page that answers a reader's situation (`legal`), which may state a rule.
    """
    t = data.translator(lang)
    if not facts.get("reviewed"):
        return ""
    lines = ['<div class="review-note" data-search-exclude markdown>', ""]
    lines.append(f"{t('reviewed')}{t('colon')}{format_date(data, lang, facts['reviewed'])}  ")
    lines.append(f"{t('review_due')}{t('colon')}{format_date(data, lang, facts['review_due'])}")
    # Each open point once, under the name of the rule it belongs to: "the document number" alone
    # would not say which document.
    pending = dict.fromkeys(f"{text_md(data.local(r, lang))}{t('colon')}{text_md(data.local(r['to_confirm'], lang))}"
                            for r in (data.reference(i) for i in facts.get("sources") or [])
                            if r and r.get("confidence") == "confirm")
    if pending:
        lines += ["", f"{t('to_confirm')}{t('colon')}", "", *[f"- {item}" for item in pending]]
    if (facts.get("sources") or legal) and data.campaign.get("legal_note"):
        lines += ["", text_md(data.local(data.campaign["legal_note"], lang))]
    # The link reads as the heading it points to; the string is for a campaign whose about page lacks one.
    about = data.docs_dir / lang / "about.md"
    label = next((h[1] for h in sitedata.read_page(about).headings() if h[2] == "review"), None) \
        if about.exists() else None
    lines += ["", f"[{link_label(label or t('about_review'))}]({home}about.md#review)", ""]
    lines += [feedback_link(data, lang, url, facts.get("reviewed")), "", "</div>", ""]
    return "\n".join(lines)


def related_questions(data, lang: str, entry, prefix: str = "../questions/") -> str:
    """The questions that declare `entry` (a lesson or a topic) as related."""
    questions = data.questions_for(entry)
    if not questions:
        return ""
    return "\n".join(unindexed(f"## {data.t(lang, 'related_questions')} {{#related-questions}}",
                               [f"- [{link_label(data.local(q, lang))}]({prefix}{q['id']}.md)" for q in questions],
                               "related"))
