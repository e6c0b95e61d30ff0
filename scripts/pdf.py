"""`make pdf`: copies of the site's PDF downloads in dist/ (each lesson, the course, the worksheets).

The PDFs themselves are made by scripts/downloads.py with every build; this gives
maintainers the same files without publishing the site.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import downloads
import sitebuild

ROOT = Path(__file__).resolve().parent.parent


def main(part: str = "pdf") -> int:
    config = ROOT / "mkdocs.yml"
    site = sitebuild.temp_site(ROOT / ".downloads-site")
    try:
        result = sitebuild.build_into(config, site)
        if result.returncode:
            sitebuild.report_failure(result, ROOT)
            return 1
        try:
            written = downloads.write(ROOT, config, site, parts=(part,))
        except RuntimeError as err:
            print(f"downloads: {err}", file=sys.stderr)
            return 1
        for path in downloads.copy_to(written, site, ROOT / "dist"):
            print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")
        return 0
    finally:
        shutil.rmtree(site, ignore_errors=True)
