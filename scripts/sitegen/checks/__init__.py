"""The checks behind `make check`. Each returns a list of Problem."""

from __future__ import annotations

from dataclasses import dataclass


def printable(text: str) -> str:
    """A file name as it can be printed: bytes that are not UTF-8 (kept as surrogates by the OS layer) as \\xNN."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    kind: str  # link, anchor, id, topic, external, i18n, lint, build, url, import, robots
    message: str
    target: str = ""  # what the problem is about (an anchor, a URL): two checks naming the same one are one problem

    def __str__(self) -> str:
        return printable(f"{self.path}:{self.line}: {self.message}")
