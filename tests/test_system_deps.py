"""sitegen/system_deps.sh (`sitegen system-deps`) waits for a package manager lock held by another process, naming it,
then installs; or gives up after SYSTEM_DEPS_LOCK_TIMEOUT with that name and a non-zero exit.

The locks are real POSIX locks (fcntl, as apt and dpkg take them) held by another process, on
the lock files of a fake root whose dpkg database is empty (SYSTEM_DEPS_ROOT), so every package
counts as missing; apt-get runs with --simulate (SYSTEM_DEPS_SIMULATE): it resolves the real
packages on this machine and installs nothing.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest



TESTS = Path(__file__).resolve().parent  # the generator's tests: their fixtures and data, whichever campaign is under test

pytestmark = [pytest.mark.unit, pytest.mark.skipif(not (shutil.which("apt-get") and shutil.which("dpkg-query")),
                                                   reason="not a Debian system")]

SCRIPT = TESTS.parent / "scripts" / "sitegen" / "system_deps.sh"
LOCKS = ("var/lib/dpkg/lock-frontend", "var/lib/dpkg/lock", "var/lib/apt/lists/lock", "var/cache/apt/archives/lock")
HOLD = "import fcntl, sys, time; f = open(sys.argv[1], 'w'); fcntl.lockf(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(600)"


@pytest.fixture
def fake_root(tmp_path) -> Path:
    for lock in LOCKS:
        (tmp_path / lock).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / lock).touch()
    (tmp_path / "var/lib/dpkg/status").touch()  # nothing installed
    return tmp_path


class Holder:
    """Another process holding a POSIX lock on `path`, until released."""

    def __init__(self, path: Path):
        self.process = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "held"

    def release(self):
        self.process.kill()
        self.process.wait(timeout=10)


class Run:
    """system_deps.sh running, its error lines read as they come."""

    def __init__(self, root: Path, timeout: int):
        env = {**os.environ, "SYSTEM_DEPS_ROOT": str(root), "SYSTEM_DEPS_SIMULATE": "1",
               "SYSTEM_DEPS_LOCK_TIMEOUT": str(timeout)}
        self.started = time.monotonic()
        self.process = subprocess.Popen(["bash", str(SCRIPT)], env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.err: list[str] = []
        self.out: list[str] = []
        self.readers = [threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stderr]),
                        threading.Thread(target=lambda: self.out.extend(self.process.stdout))]
        for reader in self.readers:
            reader.start()

    def wait_for(self, text: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            self.err.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} within {timeout} s: {''.join(self.err)}")

    def finish(self, timeout: float = 120) -> tuple[int, str, str, float]:
        self.process.wait(timeout=timeout)
        for reader in self.readers:  # every line read
            reader.join(timeout=10)
        while not self.lines.empty():
            self.err.append(self.lines.get())
        return self.process.returncode, "".join(self.out), "".join(self.err), time.monotonic() - self.started


def test_it_waits_for_a_held_lock_naming_its_holder_then_proceeds(fake_root):
    holder = Holder(fake_root / "var/lib/dpkg/lock-frontend")
    try:
        run = Run(fake_root, timeout=120)
        line = run.wait_for("waiting for")
        assert str(fake_root / "var/lib/dpkg/lock-frontend") in line
        assert f"held by process {holder.process.pid} (" in line and "fcntl" in line, line
        time.sleep(2)
        assert run.process.poll() is None, "it went on while the lock was held"
        released = time.monotonic()
    finally:
        holder.release()
    code, out, err, _ = run.finish()
    assert code == 0, out + err
    assert time.monotonic() - released < 60
    assert "Installing Debian packages: chromium fonts-noto-cjk poppler-utils default-jre-headless nginx-light" in out
    assert "newly installed" in out, out  # apt-get resolved the install (simulated)


def test_it_gives_up_after_the_timeout_naming_the_holder(fake_root):
    holder = Holder(fake_root / "var/lib/apt/lists/lock")  # apt-get update's lock, which apt itself does not wait for
    try:
        run = Run(fake_root, timeout=3)
        code, out, err, took = run.finish(timeout=60)
    finally:
        holder.release()
    assert code != 0
    assert f"gave up after 3 s waiting for {fake_root / 'var/lib/apt/lists/lock'}, held by process {holder.process.pid} (" in err, err
    assert 3 <= took < 30
    assert "newly installed" not in out and "Reading package lists" not in out  # apt-get never ran
    assert "Traceback" not in err


def test_it_does_not_wait_when_no_lock_is_held(fake_root):
    run = Run(fake_root, timeout=3)
    code, out, err, took = run.finish()
    assert code == 0 and "waiting for" not in err and "newly installed" in out, out + err
