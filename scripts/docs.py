#!/usr/bin/env python3
"""One entry point for every docs task: `python scripts/docs.py <command>`.

The Makefile calls these; contributors can too. Each command exits non-zero
on any problem and prints problems as `path:line: message`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "overrides" / "hooks")]

import sitebuild  # noqa: E402
import sitecheck  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="docs.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="strict build into a temporary folder, then replace site/")
    p.add_argument("--config", default=str(ROOT / "mkdocs.yml"))
    p.add_argument("--site-dir", default=str(ROOT / "site"))

    p = sub.add_parser("serve", help="live preview")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", default="8000")

    p = sub.add_parser("check", help="build into a temporary folder and check links, anchors, topics, domains")
    p.add_argument("--external", action="store_true", help="also fetch every external URL (needs internet)")
    p.add_argument("--no-crawl", action="store_true", help="skip the linkchecker crawl")

    p = sub.add_parser("i18n-status", help="translation state per page: ok, missing, outdated, untranslated, orphan")
    p.add_argument("--refresh", nargs="*", metavar="PAGE",
                   help="record the current source hash in these translations (all if none given)")
    p = sub.add_parser("import", help="scaffold draft lessons and topics from a source article")
    p.add_argument("source", metavar="SOURCE", help="the article (copy it to docs/_data/sources/ first)")
    p.add_argument("--lang", help="the article's language (default: the campaign's default language)")
    p.add_argument("--force", action="store_true", help="overwrite pages that differ, after a backup in .import-backups/")
    p.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    sub.add_parser("import-check", help="every chapter and topic line of every source has a page that names it")
    sub.add_parser("urls", help="rewrite docs/_data/published-urls.txt from a fresh build")
    sub.add_parser("offline", help="dist/downloads/<id>-offline.zip: the site for file://, search included")
    sub.add_parser("pdf", help="dist/: each lesson, the course and each worksheet as PDF, per language")
    sub.add_parser("audit", help="Lighthouse, mobile and desktop, against budgets; reports in reports/")
    p = sub.add_parser("bench", help="page weight of the real site; build and check times on a synthetic site")
    p.add_argument("--only", choices=["weight", "timing"], help="run one part")

    args = parser.parse_args(argv)
    if args.command == "i18n-status":
        import i18n_status
        return i18n_status.main(ROOT, args.refresh)
    if args.command == "import":
        import importer
        return importer.run(ROOT, Path(args.source).resolve(), args.lang, args.force, args.dry_run)
    if args.command == "import-check":
        import import_check
        return import_check.main(ROOT)
    if args.command == "urls":
        return sitebuild.update_url_manifest(ROOT)
    if args.command == "offline":
        import offline
        return offline.main()
    if args.command == "pdf":
        import pdf
        return pdf.main()
    if args.command == "audit":
        import audit
        return audit.run()[0]
    if args.command == "bench":
        import bench
        return bench.main(args.only)
    if args.command == "check":
        return sitecheck.run(ROOT, crawl_links=not args.no_crawl, online=args.external)
    if args.command == "build":
        config = Path(args.config).resolve()
        return sitebuild.safe_build(config, Path(args.site_dir).resolve(),
                                    checks=lambda: sitecheck.build_gate(config.parent, config))
    if args.command == "serve":
        return sitebuild.serve(args.host, args.port)
    return 2


if __name__ == "__main__":
    sys.exit(main())
