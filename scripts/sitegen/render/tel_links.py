"""Make every help-line number in the text a tap-to-call link.

Readers are mostly on phones: a number they must copy by hand is a number many
will not call. This adds a Markdown tree processor that turns each declared help
channel number (docs/_data/campaign.yml) into `<a href="tel:…">` with an accessible
name, wherever it appears in text: help boxes and prose alike. Numbers inside
links and code are left alone, and so is an amount such as “120 元” (the units that
mark an amount are per-language strings, `amount_units`).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from sitegen.country_rules import AFTER, BEFORE
from sitegen.render.blocks import call_label

SKIP = {"a", "code", "pre", "script", "style"}


class TelLinks(Treeprocessor):
    def __init__(self, md, owner):
        super().__init__(md)
        self.owner = owner

    def run(self, root):
        if self.owner.pattern is not None:
            self.walk(root)

    def walk(self, element) -> None:
        if element.tag in SKIP:
            return
        for child in list(element):
            self.walk(child)
            self.split_tail(element, child)
        self.split_text(element)

    def links(self, text: str):
        """(text before, link element) pairs and the rest, or None when `text` has no number."""
        pieces, last = [], 0
        cited = [m.span() for m in self.owner.citation.finditer(text)] if self.owner.citation else []
        for match in self.owner.pattern.finditer(text):
            if any(start <= match.start(1) < end for start, end in cited):
                continue  # “Article 120” cites a rule; it is not a phone number
            link = etree.Element("a", {"class": "tel", "href": f"tel:{match[1]}",
                                       "aria-label": self.owner.labels[match[1]]})
            link.text = match[1]
            pieces.append((text[last:match.start(1)], link))
            last = match.end(1)
        return (pieces, text[last:]) if pieces else None

    def split_text(self, element) -> None:
        found = element.text and self.links(element.text)
        if not found:
            return
        pieces, rest = found
        element.text = pieces[0][0]
        for index, (_before, link) in enumerate(pieces):
            link.tail = pieces[index + 1][0] if index + 1 < len(pieces) else rest
            element.insert(index, link)

    def split_tail(self, parent, child) -> None:
        found = child.tail and self.links(child.tail)
        if not found:
            return
        pieces, rest = found
        child.tail = pieces[0][0]
        position = list(parent).index(child) + 1
        for index, (_before, link) in enumerate(pieces):
            link.tail = pieces[index + 1][0] if index + 1 < len(pieces) else rest
            parent.insert(position + index, link)


def numbers_of(data, lang: str):
    """(pattern of the declared numbers, accessible names by number, rule-citation pattern) for `lang`."""
    numbers = {c["number"]: c for c in data.campaign["help_channels"] if c.get("number")}
    if not numbers:
        return None, {}, None
    units = "|".join(re.escape(u) for u in data.t(lang, "amount_units").split())
    alternatives = "|".join(re.escape(n) for n in sorted(numbers, key=len, reverse=True))
    pattern = re.compile(rf"{BEFORE}({alternatives}){AFTER}" + (rf"(?!\s*(?:{units}))" if units else ""))
    labels = {number: call_label(data, lang, channel) for number, channel in numbers.items()}
    return pattern, labels, re.compile(data.t(lang, "rule_citation"))


def linked(data, lang: str, text: str) -> str:
    """Plain text as HTML with its help numbers as tap-to-call links, for markup written as HTML."""
    pattern, labels, citation = numbers_of(data, lang)
    if pattern is None:
        return html.escape(text, quote=False)
    cited = [m.span() for m in citation.finditer(text)]
    out, last = [], 0
    for match in pattern.finditer(text):
        if any(start <= match.start(1) < end for start, end in cited):
            continue
        out += [html.escape(text[last:match.start(1)], quote=False),
                f'<a class="tel" href="tel:{match[1]}" aria-label="{html.escape(labels[match[1]])}">{match[1]}</a>']
        last = match.end(1)
    return "".join(out) + html.escape(text[last:], quote=False)


class TelLinksExtension(Extension):
    """One instance per build; `use(data, lang)` sets the numbers and names for the page being rendered."""

    def __init__(self):
        super().__init__()
        self.pattern, self.labels, self.citation = None, {}, None

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        # After inline patterns (priority 20) have made links and code, before the toc (5) reads headings.
        md.treeprocessors.register(TelLinks(md, self), "tel_links", 10)

    def use(self, data, lang: str) -> None:
        self.pattern, self.labels, self.citation = numbers_of(data, lang)

    def cache_key(self) -> str:
        """What the links it makes depend on (sitegen.markdown_cache): the numbers, their names, the citations."""
        return repr((self.pattern and self.pattern.pattern, sorted(self.labels.items()),
                     self.citation and self.citation.pattern))
