"""Letter templates that acknowledge a debt carry the campaign's safeguards.

A signed letter is evidence: it can restart a limitation period or give up a defence.
A page whose default-language front matter says `letter: acknowledges-debt` must carry
every sentence of campaign.yml `letter_safeguards`, in its own language and verbatim:
`place: before` in a `!!! warning` block before the letter, `place: inside` inside the
letter, the page's first `>` quote.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitegen import records, sitedata
from sitegen.checks import Problem

MARK = "acknowledges-debt"
WARNING = re.compile(r"^(?:!!!|\?\?\?\+?)\s+warning\b")
QUOTE = re.compile(r"^\s*>")
SPACE = re.compile(r"\s+")


def _flat(text: str) -> str:
    return SPACE.sub("", text)  # line breaks and spaces in Markdown do not change the sentence


def parts(page: records.Page) -> tuple[int | None, str, str]:
    """(line where the letter starts, text of the warning blocks before it, text of the letter)."""
    lines = page.body.splitlines()
    start = next((i for i, line in enumerate(lines) if QUOTE.match(line)), None)
    warnings, inside = [], False
    for line in lines[:start]:
        if WARNING.match(line):
            inside = True
            continue
        if inside and line.strip() and not line.startswith(("    ", "\t")):
            inside = False  # the admonition's indented body has ended
        if inside:
            warnings.append(line)
    letter = []
    if start is not None:
        for line in lines[start:]:
            if not QUOTE.match(line):
                break
            letter.append(QUOTE.sub("", line, count=1))
    return (None if start is None else start + page.body_line), "\n".join(warnings), "\n".join(letter)


def problems(root: Path, data: sitedata.SiteData) -> list[Problem]:
    safeguards = data.campaign.get("letter_safeguards") or []
    out = []
    folder = root / "docs" / data.default
    for source in sorted(folder.rglob("*.md")):
        if sitedata.read_page(source).meta.get("letter") != MARK:
            continue
        rel = source.relative_to(folder).as_posix()
        for lang in data.languages:
            path = root / "docs" / lang / rel
            if not path.exists():
                continue  # reported as a missing translation
            page, shown = sitedata.read_page(path), path.relative_to(root).as_posix()
            start, warning, letter = parts(page)
            if start is None:
                out.append(Problem(shown, page.body_line, "letter",
                                   "a letter template (`letter: acknowledges-debt`) has no letter: quote it with `>`"))
                continue
            for item in safeguards:
                text = str(data.local(item, lang))
                if item["place"] == "before" and _flat(text) not in _flat(warning):
                    out.append(Problem(shown, start, "letter",
                                       f"letter without its warning: put campaign.yml letter_safeguards "
                                       f"'{item['id']}' in a `!!! warning` block before the letter: “{text}”"))
                elif item["place"] == "inside" and _flat(text) not in _flat(letter):
                    out.append(Problem(shown, start, "letter",
                                       f"letter without campaign.yml letter_safeguards '{item['id']}': "
                                       f"add this line to the letter: “{text}”"))
    return out
