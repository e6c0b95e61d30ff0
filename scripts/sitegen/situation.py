"""The guided check: a campaign's questions, its steps, and the rule that makes a plan from answers.

The data is docs/_data/situation.yml (schema: schemas.situation). One rule, written once
here and once in assets/javascripts/situation.js, which the browser tests hold to this one:
a step is in the plan when its `when` matches the answers, and the plan is ordered by the
step's group, then by its deadline (`days`, nearest first; none after any), then by file order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitegen import marked_yaml, schemas, sitedata, validate

FILE = Path("_data") / "situation.yml"
SHOWN = "docs/_data/situation.yml"
ONE, ANY = "one", "any"  # radio buttons (one answer or none), checkboxes (any number)
SECTIONS = ("situation", "situations")  # the page's headings: where the form goes, where every step is listed


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    id: str
    group: str
    rank: int          # its group's place in the plan
    days: int | None   # the deadline it is about
    when: tuple[tuple[str, frozenset], ...]
    page: str          # `folder/page.md#anchor`, inside each language's folder
    channel: str
    index: int         # its place in the file
    line: int

    def key(self) -> tuple:
        return (self.rank, self.days is None, self.days or 0, self.index)


@dataclass(frozen=True)
class Situation:
    raw: dict
    page: str          # the form's page, inside each language's folder
    groups: tuple[str, ...]
    questions: tuple[Question, ...]
    steps: tuple[Step, ...]
    marks: marked_yaml.Marks


def path(docs_dir: Path) -> Path:
    return Path(docs_dir) / FILE


def load(docs_dir: Path, languages: list[str]) -> Situation | None:
    """The campaign's guided check, or None when it has none. Problems as sitedata.DataErrors."""
    file = path(docs_dir)
    if not file.exists():
        return None
    stat = file.stat()
    return _load(file, tuple(languages), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)  # read once per version of the file: every page and the checks ask for it
def _load(file: Path, languages: tuple[str, ...], _mtime: int, _size: int) -> Situation:
    raw, marks = marked_yaml.load(sitedata.read_text(file))
    errors = validate.validate(raw, schemas.situation(list(languages)), marks)
    if errors:
        raise sitedata.DataErrors([sitedata.DataError(SHOWN, line, message) for line, message in errors])
    groups = tuple(g["id"] for g in raw["groups"])
    questions = tuple(Question(q["id"], q["type"], tuple(a["id"] for a in q["answers"])) for q in raw["questions"])
    problems = _reference_problems(raw, marks, groups, {q.id: q for q in questions})
    if problems:
        raise sitedata.DataErrors([sitedata.DataError(SHOWN, line, message) for line, message in problems])
    steps = tuple(
        Step(s["id"], s["group"], groups.index(s["group"]), s.get("days"),
             tuple((q, frozenset(a)) for q, a in (s.get("when") or {}).items()),
             s["page"], s["channel"], n, marks.line(("steps", n)))
        for n, s in enumerate(raw["steps"]))
    return Situation(raw, raw["page"], groups, questions, steps, marks)


def _reference_problems(raw, marks, groups, questions) -> list[tuple[int, str]]:
    """Names that must exist inside the file: ids unique, groups and answers declared."""
    out = []
    for kind, items in (("group", raw["groups"]), ("question", raw["questions"]), ("step", raw["steps"])):
        seen = set()
        for n, item in enumerate(items):
            if item["id"] in seen:
                out.append((marks.line((f"{kind}s", n, "id")), f"{kind} '{item['id']}' is declared twice"))
            seen.add(item["id"])
    for n, step in enumerate(raw["steps"]):
        if step["group"] not in groups:
            out.append((marks.line(("steps", n, "group")), f"step '{step['id']}': no group '{step['group']}'"))
        for question, answers in (step.get("when") or {}).items():
            where = marks.line(("steps", n, "when", question))
            if question not in questions:
                out.append((where, f"step '{step['id']}': no question '{question}'"))
                continue
            for answer in answers:
                if answer not in questions[question].answers:
                    out.append((where, f"step '{step['id']}': question '{question}' has no answer '{answer}'"))
    return out


def matches(step: Step, answers: dict[str, set] | None) -> bool:
    """`answers`: question id -> the answers given (empty or missing: not answered); None: every step."""
    return answers is None or all(answers.get(question, set()) & wanted for question, wanted in step.when)


def plan(situation: Situation, answers: dict[str, set] | None) -> list[Step]:
    """The steps for these answers, in plan order (None: every step, in that order)."""
    return sorted((s for s in situation.steps if matches(s, answers)), key=Step.key)
