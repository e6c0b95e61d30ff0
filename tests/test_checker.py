"""`make check` catches each kind of problem with the right file and line, and passes on the real site."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

import sitecheck
from conftest import ROOT


def check(project, crawl=False) -> tuple[int, str]:
    out = io.StringIO()
    code = sitecheck.run(project, crawl_links=crawl, out=out, downloads=False)
    return code, out.getvalue()


def add_line(path, text) -> int:
    """Append a paragraph to a Markdown file; return its line number."""
    content = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(content + text + "\n", encoding="utf-8")
    return content.count("\n") + 1


def test_real_site_passes():
    result = subprocess.run([sys.executable, "scripts/docs.py", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert re.match(r"checked \d+ pages, \d+ internal links, \d+ anchors, \d+ external links; 0 problems", summary)


@pytest.mark.parametrize("link,kind", [
    ("[x](no-such-lesson.md)", "link"),
    ("[x](legal-protections.md#no-such-section)", "anchor"),
    ("[x](#no-such-section-here)", "anchor"),
])
def test_broken_links_and_anchors(project, link, kind):
    line = add_line(project / "docs/zh/lessons/situation-and-challenges.md", link)
    code, out = check(project)
    assert code == 1
    assert re.search(rf"^docs/zh/lessons/situation-and-challenges.md:{line}: ", out, re.M), out
    assert f"({kind}: 1)" in out.splitlines()[-1], out


def test_unknown_topic_id(project):
    line = add_line(project / "docs/en/lessons/legal-protections.md", "[x](../topics/no-such-topic.md)")
    code, out = check(project)
    assert code == 1
    assert f"docs/en/lessons/legal-protections.md:{line}: topic id 'no-such-topic' does not exist" in out


def test_topic_page_missing_in_english(project):
    (project / "docs/en/topics/qianzhan-still-owe.md").unlink()
    code, out = check(project)
    assert code == 1
    assert "docs/en/topics/qianzhan-still-owe.md:1: missing translation of docs/zh/topics/qianzhan-still-owe.md" in out
    topics = (project / "docs/_data/topics.yml").read_text(encoding="utf-8").splitlines()
    line = topics.index("  - id: qianzhan-still-owe") + 1
    assert f"docs/_data/topics.yml:{line}: topic 'qianzhan-still-owe' has no page docs/en/topics/qianzhan-still-owe.md" in out


def test_http_link(project):
    line = add_line(project / "docs/zh/about.md", "[法律数据库](http://flk.npc.gov.cn/)")
    code, out = check(project)
    assert code == 1
    assert f"docs/zh/about.md:{line}: insecure link http://flk.npc.gov.cn/: use https" in out


def test_domain_off_the_allowlist(project):
    line = add_line(project / "docs/en/topics/getting-out-of-debt.md", "[Debt help](https://debt-agency.example.com/)")
    code, out = check(project)
    assert code == 1
    assert re.search(rf"^docs/en/topics/getting-out-of-debt.md:{line}: link to debt-agency.example.com is not on the allowlist",
                     out, re.M), out


def test_check_external_reports_http_status(tmp_path):
    from checks import external
    from siteserver import SiteServer
    (tmp_path / "ok.html").write_text("ok", encoding="utf-8")
    with SiteServer(tmp_path) as url:
        found = {u: code for u, code, _ in external.statuses([url + "ok.html", url + "gone.html"])}
    assert found == {url + "ok.html": 200, url + "gone.html": 404}


def test_tel_link_to_a_number_that_is_not_a_help_channel(project):
    line = add_line(project / "docs/en/topics/getting-out-of-debt.md", '<a href="tel:4008001234">call us</a>')
    code, out = check(project)
    assert code == 1
    assert f"docs/en/topics/getting-out-of-debt.md:{line}: tel:4008001234 is not a help channel" in out, out


def test_declared_numbers_become_tel_links_and_amounts_do_not(project):
    """120 is a help channel (medical emergencies); “120 元” is an amount."""
    import sitebuild
    add_line(project / "docs/zh/topics/getting-out-of-debt.md", "情况紧急时拨打 120。手续费是 120 元。")
    result = sitebuild.build_into(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    html = (project / "site/topics/getting-out-of-debt/index.html").read_text(encoding="utf-8")
    link = re.search(r'拨打 <a ([^>]*)>120</a>。', html)
    assert link and 'href="tel:120"' in link[1] and 'aria-label="拨打 120' in link[1], html[:200]
    assert "手续费是 120 元" in html
