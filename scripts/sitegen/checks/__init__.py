"""The checks behind `make check`. Each returns a list of Problem."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    kind: str  # link, anchor, topic, external, i18n, lint, build, url, import
    message: str
    target: str = ""  # what the problem is about (an anchor, a URL): two checks naming the same one are one problem

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
