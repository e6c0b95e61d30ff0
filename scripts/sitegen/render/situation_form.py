"""The guided check's page: its form in the `{#situation}` section, every step in `{#situations}`.

Each step is written once, as a list item of the `{#situations}` section, so the page lists
every situation with its link and its number to call even without JavaScript. The item
carries its rule (`data-when`) and its place in plan order (`data-order`), from
sitegen.situation; assets/javascripts/situation.js matches the answers against them and
copies the matching items, in that order, into `#plan`. The form is `hidden` until the
script runs, never submits, and stores nothing.
"""

from __future__ import annotations

import html
import json

from mkdocs.utils import get_relative_url

from sitegen import paths, sitedata, situation
from sitegen.render.blocks import require_tool, tel_link, use_script
from sitegen.render.generic import insert_into_section
from sitegen.render.rendering import Rendering
from sitegen.render.tel_links import linked

SCRIPT = "assets/javascripts/situation.js"
FORM, LIST = situation.SECTIONS
MESSAGES = ("situation_plan_title", "situation_file", "situation_saved", "situation_link_label", "situation_call_label")


def step_item(r: Rendering, step: situation.Step, raw: dict) -> str:
    data, lang = r.data, r.lang
    t = data.translator(lang)
    text = raw[lang]
    target = data.prefix(lang) + paths.page_url(step.page, r.config.use_directory_urls)
    live = r.canonical_url(paths.page_url(step.page))
    channel = next(c for c in data.campaign["help_channels"] if c["id"] == step.channel)
    name = data.local(channel, lang)
    when = {q: sorted(a) for q, a in step.when}
    order = " ".join(str(int(x)) for x in step.key())
    call = tel_link(data, lang, channel, f"{name.get('label') or name['name']} {channel['number']}",
                    "tel situation-step__call")
    return (f'<li class="situation-step" data-step="{step.id}" data-when="{html.escape(json.dumps(when))}" '
            f'data-order="{order}" data-url="{html.escape(live)}">'
            f'<a class="situation-step__title" href="{html.escape(get_relative_url(target, r.page.url))}">'
            f'{html.escape(text["title"])}</a> '
            f'<span class="situation-step__text">{linked(data, lang, text["text"])}</span> '
            f'<span class="situation-step__call-line">{html.escape(t("situation_call_label"))}{call}</span></li>')


def step_list(r: Rendering, model: situation.Situation) -> str:
    """Every step under its group's heading, in plan order: what the page shows without the form."""
    raw = {s["id"]: s for s in model.raw["steps"]}
    out = ['<div class="situation-steps" data-search-exclude>']
    ordered = situation.plan(model, None)
    for group in model.raw["groups"]:
        steps = [s for s in ordered if s.group == group["id"]]
        out.append(f'<h3 id="situation-{group["id"]}">{html.escape(group[r.lang])}</h3>')
        out.append('<ul class="situation-steps__list">')
        out += [step_item(r, s, raw[s.id]) for s in steps]
        out.append("</ul>")
    return "\n".join(out + ["</div>"])


def question(lang: str, q: dict) -> str:
    kind = "radio" if q["type"] == situation.ONE else "checkbox"
    hint = q[lang].get("hint")
    described = f' aria-describedby="sq-{q["id"]}-hint"' if hint else ""
    out = [f'<fieldset class="situation__question" id="sq-{q["id"]}"{described}>',
           f'<legend>{html.escape(q[lang]["legend"])}</legend>']
    if hint:
        out.append(f'<p class="situation__hint" id="sq-{q["id"]}-hint">{html.escape(hint)}</p>')
    out += [f'<label><input type="{kind}" name="{q["id"]}" value="{a["id"]}"> {html.escape(a[lang])}</label>'
            for a in q["answers"]]
    return "\n".join(out + ["</fieldset>"])


def form(data, lang: str, model: situation.Situation) -> str:
    t = data.translator(lang)
    messages = " ".join(f'data-{key.replace("_", "-")}="{html.escape(t(key))}"' for key in MESSAGES)
    return "\n".join([
        f'<form class="situation" id="situation-form" hidden novalidate autocomplete="off" {messages}>',
        *(question(lang, q) for q in model.raw["questions"]),
        f'<button type="submit" class="md-button md-button--primary">{html.escape(t("situation_submit"))}</button>',
        "</form>",
        # Announced when the plan is written into it; the buttons stay out of it, so they are not read out.
        '<div class="situation-plan" id="plan" aria-live="polite" tabindex="-1"></div>',
        '<p class="situation-actions" id="plan-actions" hidden>'
        f'<button type="button" class="md-button" data-action="print">{html.escape(t("situation_print"))}</button> '
        f'<button type="button" class="md-button" data-action="save">{html.escape(t("situation_save"))}</button>'
        '<span class="situation-actions__status" role="status"></span></p>',
    ])


def render(markdown, r: Rendering):
    if not any(f"{{#{section}}}" in markdown for section in situation.SECTIONS):
        return markdown
    require_tool(r, "guided_check", next(f"{{#{s}}}" for s in situation.SECTIONS if f"{{#{s}}}" in markdown))
    model = situation.load(r.data.docs_dir, r.data.languages)
    if model is None:
        raise sitedata.DataError(r.source, 1, f"a guided check needs {situation.SHOWN}")
    use_script(r.page, SCRIPT)
    markdown = insert_into_section(markdown, FORM, form(r.data, r.lang, model), r.source)
    return insert_into_section(markdown, LIST, step_list(r, model), r.source)
