"""What a browser fetches or follows from a built page, and which ids the page holds, each with its line.

The attributes are the HTML standard's URL-bearing ones (those link checkers such as
htmltest and lychee read too): a page that names a missing image in `srcset` or a
missing stylesheet is as broken as one with a dead `href`.
"""

from __future__ import annotations

from html.parser import HTMLParser

# tag -> attributes holding one URL. `input src` counts only for type=image (see handle_starttag).
URL_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",),
    "img": ("src",), "source": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "iframe": ("src",), "frame": ("src",), "embed": ("src",), "object": ("data",), "script": ("src",),
    "form": ("action",), "button": ("formaction",), "input": ("formaction", "src"),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),  # SVG
}
# tag -> attributes holding a srcset: comma-separated candidates, each a URL and a descriptor.
SRCSET_ATTRS = {"img": ("srcset",), "source": ("srcset",), "link": ("imagesrcset",)}
NAVIGATION = {"a", "area"}  # links a reader follows to other sites (the external-domain allowlist applies)


class RefParser(HTMLParser):
    """ids, duplicate ids and URL references of one page, with the line of each."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()  # ids, and <a name>: what a #fragment may point at
        self.id_lines: dict[str, list[int]] = {}
        self.refs: list[tuple[int, str, str]] = []  # (line, tag, URL) as written, whitespace stripped
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        a = {}
        for name, value in attrs:  # the first of repeated attributes wins, as in a browser
            a.setdefault(name, value)
        ident = a.get("id")
        if ident:
            self.ids.add(ident)
            self.id_lines.setdefault(ident, []).append(line)
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "base" and a.get("href") and self.base is None:
            self.base = a["href"].strip()
        for attr in URL_ATTRS.get(tag, ()):
            if tag == "input" and attr == "src" and (a.get("type") or "").lower() != "image":
                continue
            value = (a.get(attr) or "").strip()
            if value:  # an empty URL names the page itself
                self.refs.append((line, tag, value))
        for attr in SRCSET_ATTRS.get(tag, ()):
            self.refs += [(line, tag, url) for url in srcset_urls(a.get(attr) or "")]
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            url = refresh_url(a.get("content") or "")
            if url:
                self.refs.append((line, tag, url))

    def duplicates(self) -> dict[str, list[int]]:
        """id -> the lines of each element carrying it, for ids used more than once."""
        return {ident: lines for ident, lines in self.id_lines.items() if len(lines) > 1}


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset, as the HTML standard's "parse a srcset attribute" splits them."""
    urls, pos, end = [], 0, len(value)
    while pos < end:
        while pos < end and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < end and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        if url.endswith(","):  # "a.png, b.png 2x": no descriptor
            url = url.rstrip(",")
        else:  # skip the descriptors, up to the first comma outside parentheses
            depth = 0
            while pos < end:
                char = value[pos]
                if char == "," and not depth:
                    break
                depth += (char == "(") - (char == ")" and depth > 0)
                pos += 1
        if url:
            urls.append(url)
    return urls


def refresh_url(content: str) -> str | None:
    """The URL of `<meta http-equiv="refresh" content="5; url=…">` (the HTML standard's shared parser)."""
    rest = content.lstrip()
    while rest[:1].isdigit() or rest[:1] == ".":
        rest = rest[1:]
    rest = rest.lstrip(" \t\n\f\r;,")
    if rest[:3].lower() == "url":
        after = rest[3:].lstrip()
        if after.startswith("="):
            rest = after[1:].lstrip()
    if rest[:1] in {"'", '"'}:
        rest = rest[1:].split(rest[0], 1)[0]
    return rest.strip() or None
