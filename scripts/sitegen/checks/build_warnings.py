"""Turn MkDocs' build warnings into `docs/<lang>/<file>.md:<line>: message` problems."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen import paths
from sitegen.checks import Problem
from sitegen.checks.markdown_links import line_of

LOCATED = re.compile(r"^(\S+?):(\d+): (.+)$")
DOC_LINK = re.compile(r"Doc file '([^']+)' contains (?:an? )?(?:absolute |unrecognized relative )?link '([^']*)'")


def problems(output: str, root: Path) -> list[Problem]:
    out, in_error = [], False
    for raw in output.splitlines():
        if not raw.startswith(("WARNING", "ERROR")):
            # A plugin error of several problems: MkDocs prefixes only its first line.
            located = LOCATED.match(raw.strip()) if in_error else None
            if located:
                out.append(Problem(paths.relative(located[1], root), int(located[2]), "build", located[3]))
            else:
                in_error = False
            continue
        in_error = raw.startswith("ERROR")
        message = re.sub(r"^(WARNING|ERROR)\s*-\s*", "", raw).strip()
        if message.startswith("Error reading page"):
            continue  # MkDocs' preamble: the plugin's own `file:line: message` follows
        located = LOCATED.match(message)
        if located:  # the plugin's own problems say where they are
            out.append(Problem(paths.relative(located[1], root), int(located[2]), "build", located[3]))
            continue
        match = DOC_LINK.search(message)
        if match:
            source, target = f"docs/{match[1]}", match[2]
            kind = "anchor" if "anchor" in message else "link"
            key = target.partition("#")[2] if kind == "anchor" else target.rstrip("/").rsplit("/", 1)[-1].removesuffix(".md")
            out.append(Problem(source, line_of(root / source, target), kind, message, key))
        else:
            out.append(Problem("mkdocs.yml", 1, "build", message))
    return out
