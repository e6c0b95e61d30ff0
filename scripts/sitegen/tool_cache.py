"""Outputs of the tools a build runs (terser, PurgeCSS, Chromium's printing…), kept under the hash of everything they read.

Most builds give these tools the same input as the build before (each `make serve`
rebuild after a text edit, every test build, the theme's bundle always): running them
again would cost seconds per build for the same bytes. The key covers the tool's own
version, its options and every input file, so a changed input is always a new run.
The cache is shared by every project on the machine ($XDG_CACHE_HOME/sitegen).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable


LIMIT = 5000  # entries per tool: a few full builds of a large site


def folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitegen"


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))  # lengths keep ("ab", "c") apart from ("a", "bc")
        digest.update(data)
    return digest.hexdigest()


def cached(tool: str, parts: list[bytes | str], make: Callable[[], dict[str, bytes]],
           keep: int = LIMIT) -> dict[str, bytes]:
    """`make()`'s named outputs, from the cache when the same `parts` were seen before; at most `keep`
    entries of this tool are kept."""
    found = lookup(tool, parts)
    return found if found is not None else store(tool, parts, make(), keep)


def lookup(tool: str, parts: list[bytes | str]) -> dict[str, bytes] | None:
    """The outputs kept for `parts`, or None: for a tool run once over many inputs, each kept on its own."""
    entry = folder() / tool / key(tool, *parts)
    if entry.is_dir():
        return {path.name: path.read_bytes() for path in entry.iterdir()}
    return None


def store(tool: str, parts: list[bytes | str], outputs: dict[str, bytes], keep: int = LIMIT) -> dict[str, bytes]:
    entry = folder() / tool / key(tool, *parts)
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=entry.parent))
    for name, data in outputs.items():
        (tmp / name).write_bytes(data)
    try:
        tmp.rename(entry)  # atomic: another build writing the same entry loses nothing
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
    if entry.parent not in _pruned:  # once per tool and process: a listing per stored page was a tenth of a build
        _pruned.add(entry.parent)
        prune(entry.parent, keep)
    return outputs


_pruned: set[Path] = set()


def prune(tool_folder: Path, keep: int = LIMIT) -> None:
    """Past `keep` entries, drop the oldest quarter: the cache stays bounded however long it is used
    (a process adds at most one build's entries after it pruned, far fewer than `keep`)."""
    entries = [e for e in os.scandir(tool_folder) if not e.name.startswith(".")]
    if len(entries) <= keep:
        return
    for old in sorted(entries, key=lambda e: e.stat().st_mtime)[: len(entries) - keep * 3 // 4]:
        shutil.rmtree(old.path, ignore_errors=True)


PYCACHE_DEPTH = 4  # /tmp/<clone>, /home/<user>/<folder>/<checkout>: where a project or virtual environment is removed


def pycache() -> Path:
    """The builds' compiled modules (PYTHONPYCACHEPREFIX, sitegen.build): a tree that mirrors the source folders."""
    return folder() / "pycache"


def prune_pycache() -> None:
    """Drops the compiled modules of folders that no longer exist (a deleted clone, `make test-generator`'s
    temporary virtual environment): each new folder adds a copy of every package it imports (8.5 MB here),
    which nothing else would ever remove. Only the first PYCACHE_DEPTH levels are compared: a listing, not a walk
    through every package."""
    def walk(mirror: Path, source: Path, levels: int) -> None:
        for child in os.scandir(mirror):
            if not child.is_dir(follow_symlinks=False):
                continue
            if not (source / child.name).is_dir():
                shutil.rmtree(child.path, ignore_errors=True)
            elif levels > 1:
                walk(Path(child.path), source / child.name, levels - 1)

    if pycache().is_dir():
        walk(pycache(), Path("/"), PYCACHE_DEPTH)  # the prefix holds each source folder under its absolute path
