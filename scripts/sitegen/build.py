"""Strict builds that never leave a half-written site behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sitegen import tool_cache

class Started:
    """MkDocs running in its own process; its output goes to temporary files, so it never waits on a full pipe
    while the caller does something else (the source checks, in `safe_build`)."""

    def __init__(self, *args: str, cwd: Path, env: dict | None = None):
        # The theme's end-of-life notice is not silenced: it is printed, and the README's Maintenance section answers it.
        # Compiled modules are kept outside the project (no __pycache__ in a checkout), so that a build does not
        # compile the generator again each time: PYTHONDONTWRITEBYTECODE is set on many machines for that reason.
        prefix = os.environ.get("PYTHONPYCACHEPREFIX")
        if not prefix:  # ours: kept bounded (a contributor's own prefix is theirs)
            prefix = str(tool_cache.pycache())
            tool_cache.prune_pycache()
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": prefix, **(env or {})}
        self.args = [sys.executable, "-m", "mkdocs", *args]
        self.out, self.err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
        self.process = subprocess.Popen(self.args, cwd=cwd, env=env, stdout=self.out, stderr=self.err, text=True)

    def result(self) -> subprocess.CompletedProcess:
        code = self.process.wait()
        texts = []
        for stream in (self.out, self.err):
            stream.seek(0)
            texts.append(stream.read())
            stream.close()
        return subprocess.CompletedProcess(self.args, code, *texts)

    def stop(self) -> None:
        self.process.kill()
        self.result()


def mkdocs(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return Started(*args, cwd=cwd, env=env).result()


def start_build(config: Path, out: Path, strict: bool = True, env: dict | None = None) -> Started:
    """`mkdocs build --strict` into `out`, started; `.result()` waits for it."""
    return Started("build", *(["--strict"] if strict else []), "--config-file", str(config),
                   "--site-dir", str(out), cwd=config.parent, env=env)


def build_into(config: Path, out: Path, strict: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into `out`; the caller decides what to do with it."""
    return start_build(config, out, strict, env).result()


def report_failure(result: subprocess.CompletedProcess, root: Path, stream=None) -> None:
    """MkDocs' warnings and errors as `path:line: message`, each once; only when there are none,
    the other output as it came (an error MkDocs could not place)."""
    from sitegen.checks import build_warnings
    stream = stream or sys.stderr
    output = result.stderr + result.stdout
    problems = build_warnings.problems(output, root)
    for problem in problems:
        print(problem, file=stream)
    if problems:
        return
    rest = [line for line in output.splitlines()
            if not line.startswith(("INFO", "WARNING", "Building prefix dict", "Loading model", "Dumping model",
                                    "Prefix dict", "DEBUG", "Aborted with"))]
    print("\n".join(rest) or "mkdocs build failed", file=stream)


def temp_site(near: Path) -> Path:
    """A world-readable temporary folder next to `near` (linkchecker may run as nobody)."""
    near.parent.mkdir(parents=True, exist_ok=True)
    hidden = near.name if near.name.startswith(".") else f".{near.name}"
    tmp = Path(tempfile.mkdtemp(prefix=f"{hidden}-", dir=near.parent))
    tmp.chmod(0o755)
    return tmp


def replace_dir(new: Path, dest: Path) -> None:
    old = dest.with_name(f".{dest.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    new.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def safe_build(config: Path, dest: Path, checks=None, then=None) -> int:
    """Check the sources, build into a temporary folder, add to it what `then(folder)` adds
    (the downloads, for publishing), and replace `dest` only if all of it succeeds.

    The checks run while MkDocs builds, in its own process (they read the sources; it writes only the
    temporary folder): the contributor waits for the longer of the two, not for both."""
    tmp = temp_site(dest)
    try:
        build = start_build(config, tmp)
        if checks and checks() != 0:
            build.stop()
            print(f"checks failed: {dest} left unchanged", file=sys.stderr)
            return 1
        result = build.result()
        if result.returncode != 0:
            report_failure(result, config.parent)
            print(f"build failed: {dest} left unchanged", file=sys.stderr)
            return 1
        if then and not then(tmp):
            print(f"downloads failed: {dest} left unchanged", file=sys.stderr)
            return 1
        replace_dir(tmp, dest)
        print(f"built {dest}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def update_url_manifest(root: Path) -> int:
    """`make urls`: rebuild and rewrite the published-URL manifest."""
    from sitegen import sitedata, urlmanifest
    tmp = temp_site(root / ".urls-site")
    try:
        result = build_into(root / "mkdocs.yml", tmp)
        if result.returncode != 0:
            report_failure(result, root)
            return 1
        count = urlmanifest.write(tmp, root, sitedata.config_languages(root / "mkdocs.yml"))
        print(f"wrote {count} URLs to {urlmanifest.MANIFEST}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
