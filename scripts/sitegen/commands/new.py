"""`sitegen new DIR --languages zh,en,…`: a new campaign that builds, and passes `make check`, at once.

Like `mkdocs new` and sandpaper's `create_lesson()`. It writes the project's files (mkdocs.yml, a
Makefile, .ci/run, a README, the Node tools' pins), a minimal campaign.yml, and in every language the
generic pages, one lesson, one topic and one question, from the generator's templates in that
language (templates/<lang>/starter.yml and the generic pages beside it). Pages in a language other
than the first record the first language's version they translate, so `make i18n-status` reads "ok".

A language the generator has no templates or interface strings for is refused, naming what to add;
DIR is written in a temporary folder beside it and renamed at the end, never half-written.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from sitegen import country_rules, i18n_status, paths, review_dates, sitedata, yaml_edit
from sitegen.commands import importer

# The same ids in every language: the pages' file names and the data files' keys.
LESSON, TOPIC, QUESTION, CATEGORY = "getting-started", "how-this-site-works", "where-to-start", "general"
GENERIC = ["index.md", "about.md", "downloads.md", "licence.md", "teachers.md", "topics/index.md"]
# Project files from sitegen/scaffold: its name there -> where it goes.
FILES = {"Makefile": "Makefile", ".ci/run": ".ci/run", "gitignore": ".gitignore", "mkdocs.yml": "mkdocs.yml",
         "package.json": "package.json", "package-lock.json": "package-lock.json",
         "markdownlint-cli2.yaml": ".markdownlint-cli2.yaml"}


def supported() -> list[str]:
    """Languages with both starter pages and interface strings in the generator."""
    strings = sitedata.load_yaml(paths.STRINGS)
    return sorted(lang for lang in strings if (importer.TEMPLATES / lang / "starter.yml").exists())


def main(directory: Path, languages: list[str], country: str | None = None, today: date | None = None,
         err=None) -> int:
    err = err or sys.stderr
    problem = refusal(directory, languages, country)
    if problem:
        print(f"sitegen new: {problem}", file=err)
        return 2
    country = country or country_rules.shipped()[0]
    target = directory.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        write(work, target.name, languages, country, today or date.today())
        if target.exists():  # an empty folder (refusal() allows no other)
            target.rmdir()
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    print(f"created {directory}: {', '.join(languages)}. Next: cd {directory} && make serve", file=err)
    return 0


def refusal(directory: Path, languages: list[str], country: str | None) -> str | None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        return f"{directory} exists and is not an empty folder"
    if not languages:
        return "--languages names no language"
    if len(set(languages)) != len(languages):
        return f"--languages names a language twice: {','.join(languages)}"
    known = supported()  # reads the generator's strings file: once
    missing = [lang for lang in languages if lang not in known]
    if missing:
        return (f"no starter pages or interface strings for {', '.join(missing)} (the generator has: "
                f"{', '.join(known)}). Start with those, then add a language as CONTRIBUTING.md says.")
    if country and country not in country_rules.shipped():
        return f"no telephone rules for country '{country}' (the generator has: {', '.join(country_rules.shipped())})"
    return None


def starter(lang: str) -> dict:
    return sitedata.load_yaml(importer.TEMPLATES / lang / "starter.yml")


def write(root: Path, name: str, languages: list[str], country: str, today: date) -> None:
    for source, dest in FILES.items():
        (root / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(paths.SCAFFOLD / source, root / dest)  # copy() follows the scaffold's links to the real files
    (root / "overrides").mkdir()
    (root / "overrides" / ".gitkeep").write_text("", encoding="utf-8")  # mkdocs.yml's custom_dir must exist
    words = {lang: starter(lang) for lang in languages}
    default = languages[0]
    (root / "README.md").write_text(words[default]["readme"].replace("{site_name}", words[default]["site_name"]),
                                    encoding="utf-8")
    due = review_dates.due_for(today, {})
    data = root / "docs" / "_data"
    data.mkdir(parents=True)
    dump(data / "campaign.yml", campaign(name, languages, country, words), "The campaign's facts, declared once.")
    dated = {"reviewed": today, "review_due": due, "sources": []}
    dump(data / "topics.yml", {"topics": [{
        "id": TOPIC, "category": CATEGORY, **{lang: words[lang]["topic"]["title"] for lang in languages},
        "lessons": [f"{LESSON}#what-this-lesson-covers"], **dated}]}, "Topics: each a page in every language.")
    dump(data / "questions.yml", {"questions": [{
        "id": QUESTION, "category": CATEGORY, **{lang: words[lang]["question"]["title"] for lang in languages},
        "lessons": [f"{LESSON}#what-this-lesson-covers"], "topics": [TOPIC], **dated}]},
        "Questions readers bring, in their words: each a page in every language.")
    originals = {}
    for lang in languages:
        for rel, text in pages(lang, default, words[lang], today, due).items():
            if lang == default:
                originals[rel] = text
            elif rel in originals:  # a translation of the default language's page, as it was written
                text = yaml_edit.edit_front_matter(text, {i18n_status.KEY: i18n_status.text_hash(originals[rel])},
                                                   where=f"docs/{lang}/{rel}")
            importer.write_atomic(root / "docs" / lang / rel, text)


def pages(lang: str, default: str, words: dict, today: date, due: date) -> dict[str, str]:
    out = {page: importer.generic_page(lang, lang, page, today) if lang == default
           else importer.generic_page(lang, default, page, today) for page in GENERIC}
    q = words["questions_index"]
    index = {"title": q["title"], "description": q["description"]}
    if lang == default:
        index.update(reviewed=today, review_due=due)
    out["questions/index.md"] = front_matter(index) + f"{q['text']}\n\n## {q['by_category']} {{#by-category}}\n"
    lesson = {k: v for k, v in words["lesson"].items() if k != "body"}
    if lang == default:
        lesson.update(order=1, duration=45, level=["general"], reviewed=today, review_due=due, sources=[])
    out[f"lessons/{LESSON}.md"] = front_matter(lesson) + words["lesson"]["body"]
    topic, question = words["topic"], words["question"]
    out[f"topics/{TOPIC}.md"] = (front_matter({"description": topic["description"]})
                                 + f"## {words['short_answer_heading']} {{#short-answer}}\n\n{topic['short_answer']}\n")
    steps = "".join(f"{n}. {step}\n" for n, step in enumerate(question["steps"], 1))
    out[f"questions/{QUESTION}.md"] = (front_matter({"description": question["description"]})
                                       + f"## {words['short_answer_heading']} {{#short-answer}}\n\n{question['short_answer']}\n\n"
                                       + f"## {words['what_you_can_do']} {{#what-you-can-do}}\n\n{steps}")
    return out


def front_matter(meta: dict) -> str:
    """As the round trip writes it, so the first edit of a page (`make i18n-refresh`) changes only what it sets."""
    return "---\n" + yaml_edit.dump(yaml_edit.block(meta)) + "---\n\n"


def campaign(name: str, languages: list[str], country: str, words: dict) -> dict:
    local = lambda key: {lang: words[lang][key] for lang in languages}  # noqa: E731
    slug = "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in name.lower()).split()) or "campaign"
    return {
        "id": slug,
        "site_url": f"https://{slug}.example.org/",  # a placeholder until the domain is registered
        "country": country,
        "languages": [{"locale": lang, "name": words[lang]["name"], "site_name": words[lang]["site_name"],
                       "site_description": words[lang]["site_description"]} for lang in languages],
        "licence": {"id": "CC-BY-4.0", "name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/",
                    "holder": local("licence_holder")},
        "categories": [{"id": CATEGORY, **local("category")}],
        "help_intro": local("help_intro"),
        "help_channels": [{"id": "first-channel", "short": True, "number": "",
                           **{lang: words[lang]["help_channel"] for lang in languages}}],
        "resources": [],
    }


def dump(path: Path, data: dict, comment: str) -> None:
    text = yaml_edit.dump(yaml_edit.block(data))  # as every data file a contributor edits is written
    path.write_text(f"# {comment} Written by `sitegen new`: replace it with your campaign's.\n{text}",
                    encoding="utf-8")
