"""Letter and message templates that fill themselves in.

A page opts in by writing named blanks in its Markdown: `{{id}}`, or `{{id: text}}` where
the blank should read `text` on paper (a date written as `____年__月__日`, a hint in
brackets). `id` is a field declared in campaign.yml `letter_fields`; the generator knows
no field of its own. Each blank becomes an element carrying the field's id that shows the
blank, so the page without JavaScript, and on paper, is still a template to fill by hand.

Each `>` quote holding a named blank is a letter: an empty `data-letter-output` element
and its buttons (copy, print, download) follow it. A form with the fields the page uses,
`hidden` until assets/javascripts/letter-form.js runs, opens the section (the heading's
block) that holds the first letter, so any warning written before the letter stays
between the form and the filled letter. Labels come from campaign.yml and strings.yml;
the script holds no language. Nothing typed is stored or sent: the fields are in no <form>,
so nothing can submit them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from sitegen import sitedata
from sitegen.render.blocks import require_tool, use_script
from sitegen.render.rendering import Rendering

SCRIPT = "assets/javascripts/letter-form.js"
BLANK = "______"
# `{{id}}` or `{{id: what the blank reads on paper}}`; the text holds no braces.
NAMED = re.compile(r"\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*(?::\s*([^{}\n]*?)\s*)?\}\}")
QUOTE = re.compile(r"^>")
HEADING = re.compile(r"^#{1,6}\s.*?\{#([A-Za-z0-9_-]+)\}\s*$")
FENCE = re.compile(r"^(```|~~~)")
MESSAGES = ("letter_copy", "letter_print", "letter_download", "letter_copied", "letter_copy_failed",
            "letter_downloaded")


def source_line(path: Path, needle: str) -> int:
    """The line of the file where `needle` is first written, for `file:line: message`."""
    try:
        for number, line in enumerate(sitedata.read_text(path).splitlines(), 1):
            if needle in line:
                return number
    except (OSError, sitedata.DataError):
        pass
    return 1


def blank(ident: str, shown: str | None) -> str:
    # The blank's own text is kept in `data-blank`, so the script can show it again when a field is emptied.
    text = html.escape(shown if shown else BLANK)
    # As character references, so Markdown never reads the underscores of two blanks as emphasis.
    literal = text.replace("_", "&#95;").replace("*", "&#42;")
    return f'<span class="letter-blank" data-field="{ident}" data-blank="{text}">{literal}</span>'


def field(spec: dict, lang: str, local) -> str:
    ident, kind = spec["id"], spec["kind"]
    words = local(spec, lang)
    hint = words.get("hint")
    describe = f' aria-describedby="lf-{ident}-hint"' if hint else ""
    attrs = f'id="lf-{ident}" name="{ident}" autocomplete="off" data-kind="{kind}"{describe}'
    if kind == "long":
        control = f'<textarea {attrs} rows="3"></textarea>'
    elif kind == "date":
        control = f'<input {attrs} type="date">'
    else:  # an amount is text as the reader writes it ("3,000.50"), on the number keyboard
        keyboard = ' inputmode="decimal"' if kind == "amount" else ""
        control = f'<input {attrs} type="text"{keyboard}>'
    return (f'<div class="letter-form__field"><label for="lf-{ident}">{html.escape(words["label"])}</label>'
            + (f'<p class="letter-form__hint" id="lf-{ident}-hint">{html.escape(hint)}</p>' if hint else "")
            + control + "</div>")


def form(data, lang: str, used: list[str]) -> str:
    t = data.translator(lang)
    specs = {spec["id"]: spec for spec in data.campaign.get("letter_fields") or []}
    messages = " ".join(f'data-{key.replace("_", "-")}="{html.escape(t(key))}"' for key in MESSAGES)
    return "\n".join([
        # A <div>, not a <form>: there is nothing to submit (and a form without a submit button fails WCAG H32.2).
        f'<div class="letter-form" id="letter-form" hidden data-locale="{t("html_lang")}" {messages}>',
        f'<fieldset><legend>{html.escape(t("letter_form_legend"))}</legend>',
        f'<p class="letter-form__intro">{html.escape(t("letter_form_intro"))}</p>',
        *(field(specs[ident], lang, data.local) for ident in specs if ident in used),
        "</fieldset>",
        "</div>",
    ])


def after_letter(t, file_name: str) -> str:
    """The filled letter (written by the script) and what the reader can do with it."""
    buttons = "".join(f'<button type="button" class="md-button" data-letter-action="{action}">'
                      f'{html.escape(t("letter_" + action))}</button>' for action in ("copy", "print", "download"))
    return (f'<div class="letter-output" data-letter-output data-file-name="{html.escape(file_name)}" hidden></div>\n'
            f'<div class="letter-actions" hidden>{buttons}'
            '<p class="letter-actions__status" role="status" aria-live="polite"></p></div>')


def render(markdown, r: Rendering):
    if "{{" not in markdown:
        return markdown
    data = r.data
    declared = {spec["id"] for spec in data.campaign.get("letter_fields") or []}
    lines = markdown.splitlines()
    used, errors, fenced = [], [], False
    headings = []  # (line, level, id)
    letters = []  # (first line, last line) of each quote holding a named blank
    for i, line in enumerate(lines):
        if FENCE.match(line.strip()):
            fenced = not fenced
        if fenced:
            continue
        found = HEADING.match(line)
        if found:
            headings.append((i, len(line) - len(line.lstrip("#")), found[1]))
        for match in NAMED.finditer(line):
            if match[1] not in declared:
                errors.append(sitedata.DataError(
                    r.source, source_line(r.file, match[0]),
                    f"named blank {match[0]}: no field '{match[1]}' in {data.campaign.where.file} letter_fields"))
            elif match[1] not in used:
                used.append(match[1])
        if NAMED.search(line) and QUOTE.match(line):
            start = i
            while start > 0 and QUOTE.match(lines[start - 1]):
                start -= 1
            end = i
            while end + 1 < len(lines) and QUOTE.match(lines[end + 1]):
                end += 1
            if not letters or letters[-1][0] != start:
                letters.append((start, end))
        lines[i] = NAMED.sub(lambda m: blank(m[1], m[2]), line)
    if errors:
        raise sitedata.DataErrors(errors) if len(errors) > 1 else errors[0]
    if not letters:
        return "\n".join(lines) + "\n"
    require_tool(r, "letter_forms", "{{")
    t = data.translator(r.lang)
    stem = Path(r.path).stem
    for start, end in reversed(letters):
        own = [h for h in headings if h[0] < start]
        name = f"{stem}-{own[-1][2]}" if len(letters) > 1 and own else stem
        lines[end + 1:end + 1] = ["", after_letter(t, f"{name}.txt"), ""]
    at = form_line(headings, letters)
    lines[at:at] = ["", form(data, r.lang, used), ""]
    use_script(r.page, SCRIPT)
    return "\n".join(lines) + "\n"


def form_line(headings, letters) -> int:
    """Where the form goes: just under the heading of the smallest section holding every letter."""
    first, last = letters[0][0], letters[-1][0]
    above = [h for h in headings if h[0] < first]
    while above:
        line, level, _ = above[-1]
        ends = next((h[0] for h in headings if h[0] > line and h[1] <= level), None)
        if ends is None or ends > last:
            return line + 1
        above = [h for h in above if h[1] < level]
    return 0
