"""`make check` catches each kind of problem with the right file and line, and passes on the real site."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest

from sitegen.commands import check as sitecheck
from sitegen.testing import ROOT, copy_project

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts


def check(project, crawl=False) -> tuple[int, str]:
    out = io.StringIO()
    code = sitecheck.run(project, crawl_links=crawl, out=out, downloads=False)
    return code, out.getvalue()


def add_line(path, text) -> int:
    """Append a paragraph to a Markdown file; return its line number."""
    content = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(content + text + "\n", encoding="utf-8")
    return content.count("\n") + 1


def test_real_site_passes(site):
    """Every check, the linkchecker crawl included, on the session's strict build with its downloads."""
    out = io.StringIO()
    code = sitecheck.run(ROOT, out=out, built=site)
    assert code == 0, out.getvalue()[-3000:]
    summary = out.getvalue().strip().splitlines()[-1]
    assert re.match(r"checked \d+ pages, \d+ internal links, \d+ anchors, \d+ external links; 0 problems", summary)


# Every fault goes into one copy of the project, checked once: each must be reported at its
# own file and line, exactly once, and the summary must count each kind exactly.
FAULTS = [  # (file, appended Markdown, expected message after "file:line: ", kind)
    ("docs/zh/lessons/situation-and-challenges.md", "[x](no-such-lesson.md)", "", "link"),
    ("docs/zh/lessons/legal-protections.md", "[x](situation-and-challenges.md#no-such-section)", "", "anchor"),
    ("docs/zh/lessons/borrower-action-steps.md", "[x](#no-such-section-here)", "", "anchor"),
    ("docs/en/lessons/legal-protections.md", "[x](../topics/no-such-topic.md)",
     "topic id 'no-such-topic' does not exist", "topic"),
    ("docs/zh/about.md", "[法律数据库](http://flk.npc.gov.cn/)", "insecure link http://flk.npc.gov.cn/: use https",
     "external"),
    ("docs/en/topics/getting-out-of-debt.md", "[Debt help](https://debt-agency.example.com/)",
     "link to debt-agency.example.com is not on the allowlist", "external"),
    ("docs/en/about.md", '<a href="tel:4008001234">call us</a>', "tel:4008001234 is not a help channel", "link"),
    ("docs/zh/lessons/platform-responsibilities.md", "[click](javascript:alert(1))", "javascript:alert(1)", "lint"),
]


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    """(exit code, output, {fault index: line}) of `make check` on a project holding every fault."""
    project = copy_project(tmp_path_factory.mktemp("faulty") / "project")
    lines = {i: add_line(project / path, markdown) for i, (path, markdown, _, _) in enumerate(FAULTS)}
    code, out = check(project)
    return code, out, lines


@pytest.mark.parametrize("index", range(len(FAULTS)), ids=[f[1][:30] for f in FAULTS])
@pytest.mark.build
def test_each_fault_is_reported_once_at_its_line(faulty, index):
    code, out, lines = faulty
    path, _, message, _ = FAULTS[index]
    assert code == 1
    found = re.findall(rf"^{re.escape(path)}:{lines[index]}: (.*)$", out, re.M)
    assert len(found) == 1, out
    assert message in found[0], out


@pytest.mark.build
def test_summary_counts_each_fault_once(faulty):
    _, out, _ = faulty
    summary = out.strip().splitlines()[-1]
    kinds = Counter(kind for *_, kind in FAULTS)
    by_kind = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))
    assert f"; {len(FAULTS)} problems ({by_kind})" in summary, out


def test_topic_page_missing_in_english(tmp_path):
    """A source check: found without building."""
    project = copy_project(tmp_path / "project")
    (project / "docs/en/topics/qianzhan-still-owe.md").unlink()
    out = "\n".join(str(p) for p in sitecheck.source_checks(project, project / "mkdocs.yml")[2])
    assert "docs/en/topics/qianzhan-still-owe.md:1: missing translation of docs/zh/topics/qianzhan-still-owe.md" in out
    topics = (project / "docs/_data/topics.yml").read_text(encoding="utf-8").splitlines()
    line = topics.index("  - id: qianzhan-still-owe") + 1
    assert f"docs/_data/topics.yml:{line}: topic 'qianzhan-still-owe' has no page docs/en/topics/qianzhan-still-owe.md" in out


def test_check_external_reports_http_status(tmp_path):
    from sitegen.checks import external
    from sitegen.static_server import SiteServer
    (tmp_path / "ok.html").write_text("ok", encoding="utf-8")
    with SiteServer(tmp_path) as url:
        found = {u: code for u, code, _ in external.statuses([url + "ok.html", url + "gone.html"])}
    assert found == {url + "ok.html": 200, url + "gone.html": 404}


@pytest.mark.build
def test_declared_numbers_become_tel_links_and_amounts_do_not(project):
    """120 is a help channel (medical emergencies); “120 元” is an amount."""
    from sitegen import build as sitebuild
    add_line(project / "docs/zh/topics/getting-out-of-debt.md", "情况紧急时拨打 120。手续费是 120 元。")
    result = sitebuild.build_into(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    html = (project / "site/topics/getting-out-of-debt/index.html").read_text(encoding="utf-8")
    link = re.search(r'拨打 <a ([^>]*)>120</a>。', html)
    assert link and 'href="tel:120"' in link[1] and 'aria-label="120：拨打 1 2 0，' in link[1], html[:200]
    assert "手续费是 120 元" in html


def test_linkchecker_requests_each_distinct_target_once_and_reports_what_is_not_served(tmp_path):
    """What only an HTTP client can tell: does the server answer for each target the pages link to."""
    from sitegen.checks import crawl
    from sitegen.static_server import SiteServer
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<a href="a/">a</a> <a href="gone/">gone</a>', encoding="utf-8")
    (site / "a" / "index.html").write_text("a", encoding="utf-8")
    referrers = {"a/index.html": ("index.html", "a/"), "gone/index.html": ("index.html", "gone/")}
    with SiteServer(site) as url:
        found, checked = crawl.target_problems(crawl.run_targets(url, referrers), url, referrers, ROOT, ["zh", "en"])
    assert checked == 3  # the home page and the two targets, each once
    assert [p.message for p in found] == [f"linkchecker: {url}gone/: 404 Not Found (linked from index.html)"]
