"""The cache of tool outputs: a changed input is always a new run, and the cache stays bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import tool_cache

TESTS = Path(__file__).resolve().parent  # the generator's tests: their fixtures and data, whichever campaign is under test

pytestmark = pytest.mark.unit


def test_same_inputs_run_once_and_any_change_runs_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    runs = []

    def make(text):
        return lambda: runs.append(text) or {"out": text.upper().encode()}

    assert tool_cache.cached("t", ["v1", "abc"], make("abc")) == {"out": b"ABC"}
    assert tool_cache.cached("t", ["v1", "abc"], make("abc")) == {"out": b"ABC"}
    assert tool_cache.cached("t", ["v2", "abc"], make("abc")) == {"out": b"ABC"}  # a new tool version
    assert tool_cache.cached("t", ["v1", "ab", "c"], make("ab c")) == {"out": b"AB C"}  # parts are kept apart
    assert runs == ["abc", "abc", "ab c"]


def test_the_oldest_entries_go_past_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for n in range(9):
        tool_cache.cached("t", [str(n)], lambda: {"out": b"x"})
    tool_cache.prune(tmp_path / "sitegen" / "t", keep=4)
    assert len(list((tmp_path / "sitegen" / "t").iterdir())) == 3


def test_make_clean_removes_the_cache_and_the_built_site(tmp_path, monkeypatch):
    """`make clean` run in a project: its site/ and dist/ go, and so does the tools' cache."""
    import subprocess  # noqa: PLC0415 - only this test runs make

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tool_cache.cached("t", ["x"], lambda: {"out": b"x"})
    for folder in ("site", "dist"):
        (tmp_path / folder).mkdir()
    assert (tmp_path / "cache" / "sitegen").exists()
    subprocess.run(["make", "-s", "-f", str(TESTS.parent / "Makefile"), "clean"], cwd=tmp_path, check=True)
    assert not any((tmp_path / name).exists() for name in ("site", "dist", "cache/sitegen"))


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.long
@pytest.mark.build
def test_a_rebuild_of_an_unchanged_project_computes_nothing_again_and_writes_the_same_site(project, tmp_path):
    """Pages, search entries, explained terms, compiled templates: all come from the cache the first build filled,
    and the site is byte for byte the one built without it. The theme's search plugin never loads jieba."""
    from sitegen import build as sitebuild  # noqa: PLC0415 - a build test

    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = sitebuild.build_into(project / "mkdocs.yml", tmp_path / "first", env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Prefix dict" in first.stderr + first.stdout, "jieba did not say it loaded: the check below means nothing"
    filled = files_of(tmp_path / "cache")
    assert any(name.startswith("sitegen/search-entries/") for name in filled), "the search entries were not kept"
    second = sitebuild.build_into(project / "mkdocs.yml", tmp_path / "second", env=env)
    assert second.returncode == 0, second.stderr[-3000:]
    assert sorted(files_of(tmp_path / "cache")) == sorted(filled), "the second build computed something again"
    assert "Prefix dict" not in second.stderr + second.stdout, "jieba was loaded for pages it had cut before"
    built, rebuilt = files_of(tmp_path / "first"), files_of(tmp_path / "second")
    assert built and sorted(built) == sorted(rebuilt)
    assert [name for name in built if built[name] != rebuilt[name]] == []


def test_pdfs_are_printed_again_only_when_the_site_or_the_day_has_changed(tmp_path, monkeypatch):
    """Printing is Chromium's slowest job in a build with downloads: the same site, the same day, is printed once."""
    import datetime  # noqa: PLC0415

    from sitegen import downloads  # noqa: PLC0415

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>one</h1>", encoding="utf-8")
    printed = []

    def print_all(site, data, today, browser=None):  # what Chromium would write, named by what it was given
        printed.append(today)
        path = site / "downloads" / "lessons" / "one.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF " + today.isoformat().encode() + (site / "index.html").read_bytes())
        return [path]

    monkeypatch.setattr(downloads, "print_all", print_all)
    day, next_day = datetime.date(2026, 3, 9), datetime.date(2026, 3, 10)

    def run(today):
        return downloads.pdfs(site, None, downloads.site_digest(site), today=today)

    first = run(day)
    assert [p.relative_to(site).as_posix() for p in first] == ["downloads/lessons/one.pdf"]
    printed_bytes = first[0].read_bytes()
    first[0].unlink()
    assert run(day) == first and first[0].read_bytes() == printed_bytes  # from the cache
    assert printed == [day]
    (site / "index.html").write_text("<h1>two</h1>", encoding="utf-8")
    run(day)
    assert len(printed) == 2, "a changed page was not printed again"
    run(next_day)
    assert printed[-1] == next_day, "a new day (on every cover) was not printed again"


def test_compiled_modules_of_a_removed_folder_are_dropped_and_the_others_kept(tmp_path, monkeypatch):
    """A build keeps its compiled modules under the cache (PYTHONPYCACHEPREFIX), mirroring the source folders:
    those of a deleted clone or virtual environment go when the next build starts; those of folders still there stay."""
    from sitegen import build as sitebuild  # noqa: PLC0415

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PYTHONPYCACHEPREFIX", raising=False)
    live, gone = tmp_path / "live" / "pkg", tmp_path / "gone" / "pkg"
    live.mkdir(parents=True)

    def compiled(folder: Path) -> Path:  # where Python writes the compiled /…/folder/mod.py
        return tool_cache.pycache() / folder.relative_to("/") / "mod.cpython-311.pyc"

    for folder in (live, gone):
        compiled(folder).parent.mkdir(parents=True)
        compiled(folder).write_bytes(b"compiled")
    # The test's folders sit deeper than a clone in /tmp does: compare down to them.
    monkeypatch.setattr(tool_cache, "PYCACHE_DEPTH", len(gone.parts))
    result = sitebuild.Started("--version", cwd=tmp_path).result()
    assert result.returncode == 0, result.stderr
    assert compiled(live).read_bytes() == b"compiled"
    assert not compiled(gone).parent.parent.exists()
