"""The loan-cost calculator: a form placed in a page's `{#calculator}` section.

The page's Markdown explains the method with a worked example, so it reads well
without JavaScript; the form is `hidden` until assets/javascripts/loan-cost.js runs.
Every label and message comes from overrides/locales/strings.yml, and the reference
points a result is compared with from docs/_data/campaign.yml (`calculator`), so the
script itself holds no language and no fact. Nothing typed is stored or sent: the
form never submits.
"""

from __future__ import annotations

import html
import posixpath

from sitegen import sitedata
from sitegen.render.blocks import format_date, link_label, require_tool, text_md, use_script
from sitegen.render.generic import insert_into_section
from sitegen.render.rendering import Rendering

SCRIPT = "assets/javascripts/loan-cost.js"
MESSAGES = ("calc_error_number", "calc_error_positive", "calc_error_count", "calc_error_list",
            "calc_error_never_repaid", "calc_error_contract", "calc_error_amount_or_rate",
            "calc_rate", "calc_rate_week", "calc_rate_day", "calc_cost", "calc_deducted", "calc_quoted",
            "calc_table_caption", "calc_col_n", "calc_col_payment", "calc_col_cost", "calc_col_principal",
            "calc_col_left", "calc_method", "calc_method_week", "calc_method_day",
            "calc_ref_above", "calc_ref_not_above")
UNITS = ("month", "week", "day")        # the length of one period; loan-cost.js knows how many make a year
QUOTE_UNITS = ("day", "month", "year")  # what a lender's quoted rate is per


def field(t, ident: str, label: str, hint: str = "", required: bool = True, multiline: bool = False) -> str:
    """A labelled input with its error line; `inputmode` brings up the number keyboard on phones."""
    describe = f"lc-{ident}-error" + (f" lc-{ident}-hint" if hint else "")
    control = (f'<textarea id="lc-{ident}" name="{ident}" rows="6" inputmode="decimal" autocomplete="off" '
               f'spellcheck="false" aria-describedby="{describe}"></textarea>' if multiline else
               f'<input id="lc-{ident}" name="{ident}" type="text" inputmode="decimal" autocomplete="off" '
               f'aria-describedby="{describe}"{" required" if required else ""}>')
    return (f'<div class="loan-calc__field"><label for="lc-{ident}">{html.escape(t(label))}</label>'
            + (f'<p class="loan-calc__hint" id="lc-{ident}-hint">{html.escape(t(hint))}</p>' if hint else "")
            + control + f'<p class="loan-calc__error" id="lc-{ident}-error" hidden></p></div>')


def choice(t, ident: str, label: str, options: tuple[str, ...], prefix: str, hint: str = "") -> str:
    """A labelled drop-down; the first option is the default."""
    describe = f' aria-describedby="lc-{ident}-hint"' if hint else ""
    items = "".join(f'<option value="{value}">{html.escape(t(prefix + value))}</option>' for value in options)
    return (f'<div class="loan-calc__field"><label for="lc-{ident}">{html.escape(t(label))}</label>'
            + (f'<p class="loan-calc__hint" id="lc-{ident}-hint">{html.escape(t(hint))}</p>' if hint else "")
            + f'<select id="lc-{ident}" name="{ident}"{describe}>{items}</select></div>')


def form(data, lang: str) -> str:
    t = data.translator(lang)
    messages = " ".join(f'data-{key.replace("_", "-")}="{html.escape(t(key))}"' for key in MESSAGES)
    modes = [("equal", "calc_mode_equal"), ("list", "calc_mode_list"), ("end", "calc_mode_end")]
    return "\n".join([
        f'<form class="loan-calc" id="loan-calc" hidden novalidate data-locale="{t("html_lang")}" {messages}>',
        f'<fieldset><legend>{html.escape(t("calc_received_legend"))}</legend>',
        # Before the amounts, so that the keyboard path from the amount received to the payments stays short.
        choice(t, "unit", "calc_unit", UNITS, "calc_unit_", "calc_unit_hint"),
        field(t, "contract", "calc_contract", "calc_contract_hint", required=False),
        field(t, "received", "calc_received", "calc_received_hint"),
        field(t, "upfront", "calc_upfront", "calc_upfront_hint", required=False),
        "</fieldset>",
        f'<fieldset><legend>{html.escape(t("calc_repay_legend"))}</legend>',
        '<div class="loan-calc__modes">',
        *(f'<label><input type="radio" name="mode" value="{value}"{" checked" if value == "equal" else ""}> '
          f'{html.escape(t(label))}</label>' for value, label in modes),
        "</div>",
        '<div data-mode="equal">' + field(t, "count", "calc_count")
        + field(t, "amount", "calc_amount", "calc_amount_hint", required=False) + "</div>",
        '<div data-mode="list" hidden>' + field(t, "list", "calc_list", "calc_list_hint", multiline=True) + "</div>",
        '<div data-mode="end" hidden>' + field(t, "term", "calc_term", "calc_term_hint")
        + field(t, "total", "calc_total", "calc_amount_hint", required=False) + "</div>",
        # A quoted rate replaces the payment amounts where the payments follow from it (not for a list).
        f'<fieldset data-mode="equal end"><legend>{html.escape(t("calc_quote_legend"))}</legend>',
        field(t, "quote", "calc_quote", "calc_quote_hint", required=False),
        choice(t, "per", "calc_quote_per", QUOTE_UNITS, "calc_per_"),
        field(t, "addon", "calc_addon", "calc_addon_hint", required=False),
        "</fieldset>",
        "</fieldset>",
        f'<button type="submit" class="md-button md-button--primary">{html.escape(t("calc_submit"))}</button>',
        '<div class="loan-calc__result" id="lc-result" aria-live="polite"></div>',
        "</form>",
    ])


def _percent(value, decimals: bool = False) -> str:
    """12% for a threshold; 3.0% for a published rate, written as such rates are (one decimal at least)."""
    shown = f"{value:g}"
    return f"{shown}{'.0' if decimals and '.' not in shown else ''}%"


def comparison(data, lang: str, page_path: str) -> str:
    """The reference points, hidden until a result is shown: loan-cost.js copies them into the result.

    Markdown inside, so that the link to the page explaining them resolves in every build (site and
    offline pack). Each point's threshold is a data attribute, in percent a year.
    """
    calculator = data.campaign.get("calculator")
    if not calculator:
        return ""
    t = data.translator(lang)
    campaign = data.campaign

    def fill(template: str, values: dict) -> str:
        try:
            return html.escape(template.format(**values))
        except (KeyError, IndexError, ValueError):
            raise sitedata.DataError(campaign.where.file, campaign.line_of_value(template),
                                     "calculator: only {rate} and {as_of} may stand in braces") from None

    items = []
    for point in calculator.get("reference_rates", []):
        text = data.local(point, lang)
        values = {"rate": _percent(point["rate"], decimals=True),
                  "as_of": format_date(data, lang, point["as_of"]) if "as_of" in point else ""}
        threshold = point["rate"] * point.get("multiple", 1)
        items.append(f'<li data-threshold="{threshold:g}"><strong>{fill(text["label"], values)}'
                     f'{html.escape(t("colon"))}{html.escape(_percent(threshold))}</strong> '
                     f'<span class="loan-calc__verdict"></span> {fill(text["scope"], values)}</li>')
    question = data.question(calculator["question"])
    if question is None:
        raise sitedata.DataError(campaign.where.file, campaign.line("calculator", "question"),
                                 f"calculator: no question '{calculator['question']}' in docs/_data/questions.yml")
    href = posixpath.relpath(f"questions/{question.id}.md", posixpath.dirname(page_path) or ".")
    return "\n".join([
        '<div class="loan-calc__compare" id="lc-compare" hidden data-search-exclude markdown="1">', "",
        text_md(t("calc_ref_intro")), "",
        '<ul class="loan-calc__refs">', *items, "</ul>", "",
        f"[{link_label(data.local(question, lang))}]({href})", "",
        "</div>",
    ])


def render(markdown, r: Rendering):
    if "{#calculator}" not in markdown:
        return markdown
    require_tool(r, "calculator", "{#calculator}")
    use_script(r.page, SCRIPT)
    block = form(r.data, r.lang) + "\n\n" + comparison(r.data, r.lang, r.path)
    return insert_into_section(markdown, "calculator", block, r.source)
