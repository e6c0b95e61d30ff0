"""`make offline`: dist/<id>-offline.zip, a copy of the site that works from file://, search included.

Built with Material's `offline` plugin (OFFLINE_PACK=true), which turns off
directory URLs; hooks/offline_pack.py gives each language its own inlined
search index and a local copy of the iframe-worker shim.
"""

from __future__ import annotations

import os
import shutil
import sys
import zipfile
from pathlib import Path

import sitebuild
import sitedata

ROOT = Path(__file__).resolve().parent.parent


def build_pack(root: Path = ROOT, dist: Path | None = None) -> Path | None:
    dist = dist or root / "dist"
    config = root / "mkdocs.yml"
    data = sitedata.load(root / "docs")
    name = data.campaign["id"]
    tmp = sitebuild.temp_site(root / ".offline-site")
    try:
        os.environ["OFFLINE_PACK"] = "true"
        result = sitebuild.build_into(config, tmp)
        if result.returncode:
            sitebuild.report_failure(result, root)
            return None
        dist.mkdir(parents=True, exist_ok=True)
        target = dist / f"{name}-offline.zip"
        partial = target.with_suffix(".zip.part")  # never leave a half-written zip under the real name
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as pack:
            for path in sorted(tmp.rglob("*")):
                if path.is_file():
                    pack.write(path, f"{name}/{path.relative_to(tmp).as_posix()}")
        partial.replace(target)
        return target
    finally:
        os.environ.pop("OFFLINE_PACK", None)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    target = build_pack()
    if target is None:
        return 1
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size // 1024} KB): unzip it and open index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
