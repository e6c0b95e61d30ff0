"""Read a page with an HTML parser and change it in place.

The built pages are the theme's markup, and our changes are small (an attribute, an
element inserted after another). Re-serialising a whole parsed tree would reformat
every page; here the standard library's HTML parser finds each element and where it
starts and ends in the text, and the edits are spliced into the original text. What
is not edited stays byte for byte as the theme wrote it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

NEWLINE = re.compile("\n")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    name: str
    attrs: dict[str, str | None]
    start: int  # offset of its "<"
    open_end: int  # offset just after its start tag's ">"
    close_start: int | None = None  # offset of its end tag's "<" (None for void elements)
    close_end: int | None = None
    parents: list["Element"] = field(default_factory=list)

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()

    def get(self, key: str, default=None):
        value = self.attrs.get(key, default)
        return default if value is None else value


class _Scanner(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [match.end() for match in NEWLINE.finditer(text)]
        self.elements: list[Element] = []
        self.stack: list[Element] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        element = Element(tag, dict(attrs), start, start + len(self.get_starttag_text() or ""),
                          parents=list(self.stack))
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        start = self._offset()
        self.elements.append(Element(tag, dict(attrs), start, start + len(self.get_starttag_text() or ""),
                                     parents=list(self.stack)))

    def handle_endtag(self, tag):
        start = self._offset()
        end = self.text.index(">", start) + 1
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].name == tag:
                element = self.stack[depth]
                element.close_start, element.close_end = start, end
                del self.stack[depth:]
                return


class Document:
    """A page's elements, and the edits to make to it."""

    def __init__(self, text: str):
        self.text = text
        scanner = _Scanner(text)
        scanner.feed(text)
        scanner.close()
        self.elements = scanner.elements
        self._edits: list[tuple[int, int, str]] = []
        self._new_inner: dict[int, str] = {}  # element start -> its replaced content

    def find_all(self, name: str, **attrs) -> list[Element]:
        """Elements named `name` whose attributes equal `attrs` (use class_ for a class they carry)."""
        wanted_class = attrs.pop("class_", None)
        return [e for e in self.elements if e.name == name
                and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
                and (wanted_class is None or e.has_class(wanted_class))]

    def find(self, name: str, **attrs) -> Element | None:
        found = self.find_all(name, **attrs)
        return found[0] if found else None

    def inner(self, element: Element) -> str:
        """The element's content as it will be written: an earlier replace_inner counts."""
        return self._new_inner.get(element.start, self.text[element.open_end:element.close_start])

    def set_attr(self, element: Element, key: str, value: str) -> None:
        """Rewrite the element's start tag with `key="value"` (added last, or changed in place)."""
        self.set_attrs(element, {**element.attrs, key: value})

    def remove_attr(self, element: Element, key: str) -> None:
        """Rewrite the element's start tag without `key`."""
        self.set_attrs(element, {k: v for k, v in element.attrs.items() if k != key})

    def set_attrs(self, element: Element, attrs: dict[str, str | None]) -> None:
        """Rewrite the element's start tag with exactly `attrs` (None: an attribute without a value)."""
        element.attrs = attrs
        parts = [element.name] + [k if v is None else f'{k}="{html.escape(v)}"' for k, v in attrs.items()]
        self._edits.append((element.start, element.open_end, f"<{' '.join(parts)}>"))

    def replace_inner(self, element: Element, markup: str) -> None:
        self._new_inner[element.start] = markup
        self._edits.append((element.open_end, element.close_start, markup))

    def insert_after(self, element: Element, markup: str) -> None:
        at = element.close_end if element.close_end is not None else element.open_end
        self._edits.append((at, at, markup))

    def result(self) -> str:
        out, last = [], 0
        for start, end, markup in sorted(self._edits, key=lambda edit: (edit[0], edit[1])):
            if start < last:
                raise ValueError(f"overlapping edits at offset {start}")
            out += [self.text[last:start], markup]
            last = end
        return "".join(out) + self.text[last:]
