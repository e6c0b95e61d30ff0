"""Links and ids in Markdown sources are found at their lines through the Markdown parser's token map,
as the site renders the Markdown: in admonitions, lists, tables and raw HTML, never in code."""

from __future__ import annotations

import pytest
from mkdocs.utils.yaml import yaml_load

from sitegen import sitedata
from sitegen.checks import markdown_tokens
from sitegen.checks.markdown_links import id_line, line_of, links
from sitegen.testing import ROOT

pytestmark = pytest.mark.unit

PAGE = """\
---
title: A fixture page
---

# A fixture page {#top}

A paragraph whose first line has no link,
whose second line ends in a hard break\\
and whose third links [third line](https://paragraph.example/third).

!!! note "A note"

    In an admonition: [inside](https://admonition.example/).

- a list
    - nested, after `code`: [nested](nested.md#part)

| Column | Link |
| ------ | ---- |
| one    | [cell](https://table.example/) |

A claim.[^1]

[^1]: The footnote's source: [source](https://footnote.example/).

<div class="box">
<a class="more"
   href="https://html-block.example/">more</a>
</div>

Text before a soft break,
then an image <img alt="chart" src="chart.png"> inline.

See [the reference][ref] and <https://autolink.example/>.

[ref]: https://reference.example/

A code span `that runs
over a line break` before [after code](https://after-code.example/).

```
[fenced](https://fenced.example/)
```

Inline `[span](https://span.example/)` code.

    [indented](https://indented.example/)

[A linked image on the next line:
![badge](badge.png)](https://linked-image.example/)
"""

# target -> its line in PAGE (the front matter's three lines included)
EXPECTED = {
    "https://paragraph.example/third": 9,  # the paragraph's third line, after a soft and a hard break
    "https://admonition.example/": 13,  # the body of `!!! note`, indented four spaces, is not code
    "nested.md#part": 16,
    "https://table.example/": 20,
    "https://footnote.example/": 24,
    "https://html-block.example/": 27,  # an HTML tag is at the line where it opens
    "chart.png": 32,  # raw HTML inline, on the paragraph's second line
    "https://reference.example/": 34,  # a reference-style link is where it is used, not where it is defined
    "https://autolink.example/": 34,
    "https://after-code.example/": 39,  # the line break inside the code span counts
    "https://linked-image.example/": 49,  # where the link opens
    "badge.png": 50,  # the image inside the link's text keeps its own line
}
ELSEWHERE = {"https://html-block.example/", "https://reference.example/", "https://linked-image.example/"}


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_each_link_is_found_at_its_line_and_none_in_code(page):
    found = list(links(page))
    assert dict((target, line) for line, target in found) == EXPECTED
    assert len(found) == len(EXPECTED)  # each once; fenced, indented and inline code yield nothing
    lines = PAGE.splitlines()  # the fixture's own check: each line named holds its link, but for those opening earlier
    assert all(target in lines[n - 1] for target, n in EXPECTED.items() if target not in ELSEWHERE)


def test_line_of_finds_the_link_a_built_page_names(page):
    """A built page keeps a link as written, or its #fragment, or the name of the page it points to."""
    path = page
    path.write_text(PAGE + "\nThe text nested.md is not a link; [tel](tel:+86-10-1234), [js](javascript:void(0)) "
                           "and [页面](页面.md) are.\n", encoding="utf-8")
    assert line_of(path, "https://table.example/") == 20  # as written
    assert line_of(path, "#part") == 16  # the fragment of nested.md#part
    assert line_of(path, "nested") == 16  # nested.md, built as nested/
    assert line_of(path, "nested.md") == 16  # the text mentioning nested.md on a later line is not a link
    assert line_of(path, "tel:+86-10-1234") == 52
    assert line_of(path, "javascript:void(0)") == 52  # a link on the site (the lint reports it), not dropped
    assert line_of(path, "页面.md") == 52  # as written, not percent-encoded
    assert line_of(path, "https://fenced.example/", default=7) == 7  # code holds no link: from a template


def test_line_of_reads_raw_html_files_and_keeps_the_default_for_unreadable_ones(tmp_path):
    html = tmp_path / "404.html"
    html.write_text("<p>Lost?</p>\n\n<p>\n<a href='/'>Home</a>\n", encoding="utf-8")
    assert line_of(html, "/") == 4
    assert line_of(tmp_path / "gone.md", "/", default=3) == 3


IDS = """\
---
title: Ids
---

## First {#twice}

A paragraph.
{: #para }

```
## In code {#twice}
```

!!! note

    ## In a note {#twice}

    Another paragraph
    over two lines.
    {: #para }

<div id="html-only" markdown>
</div>

| Cell {: #in-cell } |
| ------------------ |
"""


ID_LINES = {
    "twice": 16,  # the heading in the note; the fenced one is code
    "para": 20,  # a paragraph's attribute list is on its last line
    "html-only": 22,  # the only one: the other copy comes from the template
    "in-cell": 25,
}


def test_id_line_is_the_line_of_the_second_element_carrying_the_id(tmp_path):
    path = tmp_path / "ids.md"
    path.write_text(IDS, encoding="utf-8")
    assert {ident: id_line(path, ident) for ident in ID_LINES} == ID_LINES
    assert id_line(path, "nowhere", default=4) == 4
    lines = IDS.splitlines()  # the fixture's own check: each line named holds its id
    assert all(f"#{i}" in lines[n - 1] or f'"{i}"' in lines[n - 1] for i, n in ID_LINES.items())


def test_attribute_lists_are_removed_from_the_text_as_the_site_renders_it(tmp_path):
    path = tmp_path / "ids.md"
    path.write_text("## Title [link](a.md) {: #title }\n", encoding="utf-8")
    tokens = markdown_tokens.parser().parse(path.read_text(encoding="utf-8"))
    assert tokens[0].attrs == {"id": "title"}
    assert [c.type for c in tokens[1].children] == ["text", "link_open", "text", "link_close"]


def test_every_markdown_extension_of_the_site_is_read_by_the_parser():
    """A Markdown extension added to mkdocs.yml must be taught to the parser that finds the lines."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml_load(handle)
    names = {next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]}
    assert names <= set(markdown_tokens.EXTENSIONS), names - set(markdown_tokens.EXTENSIONS)


def test_line_of_value_is_the_yaml_value_node_not_a_comment_or_key(tmp_path):
    path = tmp_path / "data.yml"
    path.write_text("# note: https://x.example/\n"
                    "https://x.example/: a key\n"
                    "items:\n"
                    "  - name: first\n"
                    "    url: 'https://x.example/'\n", encoding="utf-8")
    assert sitedata.line_of_value(path, "https://x.example/") == 5
    assert sitedata.line_of_value(path, "https://y.example/") == 1


def test_a_build_warning_names_the_line_of_the_link_it_quotes(tmp_path):
    """MkDocs quotes the link as written; the problem is reported at that link's line."""
    from sitegen.checks import build_warnings
    (tmp_path / "docs" / "xx").mkdir(parents=True)
    text = PAGE.replace("nested.md#part", "inner.md#gone").replace("has no link,", "names `inner.md#gone` in code,")
    (tmp_path / "docs" / "xx" / "page.md").write_text(text, encoding="utf-8")  # the code on line 7 is not the link
    warning = ("WARNING -  Doc file 'xx/page.md' contains a link 'inner.md#gone', "
               "but the doc 'inner.md' does not contain an anchor '#gone'.")
    found = build_warnings.problems(warning, tmp_path)
    assert [(p.path, p.line, p.kind, p.target) for p in found] == [("docs/xx/page.md", 16, "anchor", "gone")]
