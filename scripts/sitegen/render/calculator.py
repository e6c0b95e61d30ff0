"""The loan-cost calculator: a form placed in a page's `{#calculator}` section.

The page's Markdown explains the method with a worked example, so it reads well
without JavaScript; the form is `hidden` until assets/javascripts/loan-cost.js runs.
Every label and message comes from overrides/locales/strings.yml, so the script
itself holds no language. Nothing typed is stored or sent: the form never submits.
"""

from __future__ import annotations

import html

from sitegen import sitedata
from sitegen.render.blocks import lang_and_path
from sitegen.render.generic import insert_into_section

SCRIPT = "assets/javascripts/loan-cost.js"
MESSAGES = ("calc_error_number", "calc_error_positive", "calc_error_count", "calc_error_list",
            "calc_error_never_repaid", "calc_rate", "calc_cost", "calc_table_caption", "calc_col_n",
            "calc_col_payment", "calc_col_cost", "calc_col_principal", "calc_col_left", "calc_method")


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


def form(data, lang: str) -> str:
    t = data.translator(lang)
    messages = " ".join(f'data-{key.replace("_", "-")}="{html.escape(t(key))}"' for key in MESSAGES)
    return "\n".join([
        f'<form class="loan-calc" id="loan-calc" hidden novalidate data-locale="{t("html_lang")}" {messages}>',
        f'<fieldset><legend>{html.escape(t("calc_received_legend"))}</legend>',
        field(t, "received", "calc_received", "calc_received_hint"),
        field(t, "upfront", "calc_upfront", "calc_upfront_hint", required=False),
        "</fieldset>",
        f'<fieldset><legend>{html.escape(t("calc_repay_legend"))}</legend>',
        '<div class="loan-calc__modes">',
        f'<label><input type="radio" name="mode" value="equal" checked> {html.escape(t("calc_mode_equal"))}</label>',
        f'<label><input type="radio" name="mode" value="list"> {html.escape(t("calc_mode_list"))}</label>',
        "</div>",
        '<div data-mode="equal">' + field(t, "count", "calc_count") + field(t, "amount", "calc_amount") + "</div>",
        '<div data-mode="list" hidden>' + field(t, "list", "calc_list", "calc_list_hint", multiline=True) + "</div>",
        "</fieldset>",
        f'<button type="submit" class="md-button md-button--primary">{html.escape(t("calc_submit"))}</button>',
        '<div class="loan-calc__result" id="lc-result" aria-live="polite"></div>',
        "</form>",
    ])


def render(markdown, page, config):
    if "{#calculator}" not in markdown:
        return markdown
    lang, _ = lang_and_path(page.file.src_uri, config)
    page.meta["scripts"] = [SCRIPT]
    return insert_into_section(markdown, "calculator", form(sitedata.site_data(config), lang),
                               f"docs/{page.file.src_uri}")
