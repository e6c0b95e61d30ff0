"""`sitegen <command>`: one entry point for every docs task (the Makefile calls it).

Each command works on the project in the current folder, exits non-zero on any
problem and prints problems as `path:line: message`, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitegen import paths  # the rest when a command needs it: `make build` runs `system-deps` first, every time


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="sitegen", description=__doc__.splitlines()[0])
    top.add_argument("--root", type=Path, default=None, help="the project (default: the one holding ./mkdocs.yml)")
    sub = top.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="checks, then a strict build into a temporary folder that replaces site/")
    sub.add_parser("publish", help="`build`, with the downloads (PDFs, offline pack): what the Pages workflow deploys")
    p = sub.add_parser("serve", help="live preview; a broken edit keeps the last good build and shows its problem")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", default="8000")
    p = sub.add_parser("check", help="build with downloads into a temporary folder and check everything a reader meets")
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
    p = sub.add_parser("review-due", help="the pages due for review in the next DAYS days (default 60), by month")
    p.add_argument("--days", type=int, default=60)
    sub.add_parser("import-check", help="every chapter and topic line of every source has a page that names it")
    sub.add_parser("urls", help="rewrite docs/_data/published-urls.txt from a fresh build")
    sub.add_parser("offline", help="dist/downloads/<id>-offline.zip: the site for file://, search included")
    sub.add_parser("pdf", help="dist/: each lesson, the course and each worksheet as PDF, per language")
    sub.add_parser("audit", help="Lighthouse, mobile and desktop, against budgets; reports in reports/")
    p = sub.add_parser("system-deps", help="install the Debian packages builds, PDFs and tests need (as root), "
                                           "or name the missing ones")
    p.add_argument("packages", nargs="*", help="only these (default: all)")
    p = sub.add_parser("new", help="start a new campaign in DIR that builds and passes `make check` at once")
    p.add_argument("directory", type=Path, metavar="DIR")
    p.add_argument("--languages", default="en", help="comma-separated locales, the default first (e.g. zh,en,fr)")
    p.add_argument("--country", default=None, help="whose telephone rules apply (default: the first the generator has)")
    p = sub.add_parser("bench", help="page weight of the real site; build and check times against the bare stack")
    p.add_argument("--only", choices=["weight", "timing"], help="run one part")
    return top


def run(args) -> int:
    if args.command == "new":
        from sitegen.commands import new
        return new.main(args.directory, [l.strip() for l in args.languages.split(",") if l.strip()], args.country)
    root = paths.project_root(args.root)
    config = root / paths.CONFIG
    if not config.is_file():  # every other command works on a campaign
        print(f"{paths.relative(config, Path.cwd())}: not found: run sitegen in a campaign's folder, give --root, "
              "or start one with `sitegen new DIR`", file=sys.stderr)
        return 2
    if args.command in ("build", "publish"):
        from sitegen import build

        def gate() -> int:  # imported here, while MkDocs starts in its own process
            from sitegen.commands import check as runner
            return runner.build_gate(root, config)

        def with_downloads(site):  # `publish`: the PDFs and the offline pack, once the site is built (falsy: failed)
            from sitegen import downloads
            return downloads.add_to(config, site)
        return build.safe_build(config, root / "site", checks=gate,
                                then=with_downloads if args.command == "publish" else None)
    if args.command == "serve":
        from sitegen.commands import serve
        return serve.run(root, args.host, int(args.port))
    if args.command == "check":
        from sitegen.commands import check as runner
        return runner.run(root, crawl_links=not args.no_crawl, online=args.external)
    if args.command == "i18n-status":
        from sitegen import i18n_status
        return i18n_status.main(root, args.refresh)
    if args.command == "import":
        from sitegen.commands import importer
        return importer.run(root, Path(args.source).resolve(), args.lang, args.force, args.dry_run)
    if args.command == "review-due":
        from sitegen.checks import reviews
        return reviews.due_report(root, args.days)
    if args.command == "import-check":
        from sitegen.commands import import_check
        return import_check.main(root)
    if args.command == "urls":
        from sitegen import build
        return build.update_url_manifest(root)
    if args.command in ("offline", "pdf"):
        from sitegen import downloads
        return downloads.to_dist(root, "offline" if args.command == "offline" else "pdf")
    if args.command == "audit":
        from sitegen.commands import audit
        return audit.run(root)[0]
    if args.command == "bench":
        from sitegen.commands import bench
        return bench.main(root, args.only)
    return 2


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if args.command == "system-deps":  # a shell script: no need for the rest of the generator
        import subprocess
        return subprocess.run(["bash", str(paths.SYSTEM_DEPS), *args.packages]).returncode
    from sitegen import settings, sitedata
    try:
        return run(args)
    except sitedata.DataError as err:  # bad content: where it is and what is wrong, not a traceback
        root = paths.project_root(args.root)
        for error in err.errors:
            print(f"{paths.relative(error.path, root)}:{error.line}: {error.message}", file=sys.stderr)
        return 1
    except settings.OptionError as err:  # a wrong option under the sitegen plugin in mkdocs.yml
        print(err, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
