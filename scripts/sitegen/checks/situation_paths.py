"""`make check` proves every path through the guided check (docs/_data/situation.yml).

A path is one way of filling in the form: for each one-answer question, one of its answers or
none; for each any-answer question, any subset of its answers. Every path is enumerated, as an
array (numpy), and four things are proven for each:

1. its plan is not empty;
2. every page and heading its steps link to exists, in every language;
3. every channel its steps name is declared in campaign.yml, with a number to call;
4. the first group (safety) comes first whenever one of its steps is in the plan, and every
   step with a deadline comes before anything but that group, nearest deadline first.

A path's plan is the steps it matches, in one fixed order (situation.plan): so it breaks the
order rule exactly when it matches two steps that this order puts the wrong way round. Each
such pair is counted over every path, as is every path that matches nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sitegen import sitedata, situation
from sitegen.checks import Problem

if TYPE_CHECKING:
    import numpy as np


def dimensions(model: situation.Situation) -> list[tuple[str, str | None, int]]:
    """(question, answer, size) per axis: one axis per one-answer question (its answers, then
    "none"), one per answer of an any-answer question (unticked, ticked)."""
    out = []
    for q in model.questions:
        if q.type == situation.ONE:
            out.append((q.id, None, len(q.answers) + 1))
        else:
            out += [(q.id, answer, 2) for answer in q.answers]
    return out


def answers_of(model, dims, index: tuple[int, ...]) -> dict[str, set]:
    """The answers of the path at `index` (one coordinate per axis)."""
    out: dict[str, set] = {q.id: set() for q in model.questions}
    by_id = {q.id: q for q in model.questions}
    for (question, answer, _), at in zip(dims, index):
        if answer is None:
            if at < len(by_id[question].answers):
                out[question].add(by_id[question].answers[at])
        elif at:
            out[question].add(answer)
    return out


def matched(model, dims, step) -> np.ndarray:
    """Whether `step` matches, for every path: a boolean array broadcast over the axes."""
    import numpy as np  # noqa: PLC0415 - here, not at the top: `make build` imports this module's command
    shape = [size for *_, size in dims]
    result = np.ones([1] * len(dims), dtype=bool)
    for question, wanted in step.when:
        any_of = np.zeros([1] * len(dims), dtype=bool)
        for axis, (q, answer, size) in enumerate(dims):
            if q != question:
                continue
            view = [1] * len(dims)
            view[axis] = size
            if answer is None:
                answers = next(x.answers for x in model.questions if x.id == q)
                hits = np.array([at < len(answers) and answers[at] in wanted for at in range(size)])
            else:
                hits = np.array([False, answer in wanted])
            any_of = any_of | hits.reshape(view)
        result = result & any_of
    return np.broadcast_to(result, shape)


def out_of_order(model, before, after) -> str | None:
    """Why `before` may not come before `after` in a plan (None when it may)."""
    first = model.groups[0]
    if after.group == first and before.group != first:
        return f"'{before.id}' comes before the {first} step '{after.id}'"
    if after.days is not None and before.group != first and (before.days is None or before.days > after.days):
        return f"'{before.id}' comes before the deadline '{after.id}' ({after.days} days)"
    return None


def describe(answers: dict[str, set]) -> str:
    return ", ".join(f"{q}={'+'.join(sorted(a)) or '-'}" for q, a in answers.items())


def link_problems(root: Path, data, model) -> list[Problem]:
    out = []
    channels = {c["id"]: c for c in data.campaign["help_channels"]}
    for lang in data.languages:  # the form's own page, with its two sections
        file = data.docs_dir / lang / model.page
        ids = {h[2] for h in sitedata.read_page(file).headings()} if file.exists() else set()
        for section in situation.SECTIONS:
            if section not in ids:
                out.append(Problem(situation.SHOWN, model.marks.line(("page",)), "situation",
                                   f"docs/{lang}/{model.page} needs a heading with {{#{section}}}"))
    for step in model.steps:
        page, _, anchor = step.page.partition("#")
        for lang in data.languages:
            file = data.docs_dir / lang / page
            if not file.exists():
                out.append(Problem(situation.SHOWN, step.line, "situation",
                                   f"step '{step.id}': docs/{lang}/{page} does not exist", f"{step.id}:{lang}:page"))
            elif anchor not in {h[2] for h in sitedata.read_page(file).headings()}:
                out.append(Problem(situation.SHOWN, step.line, "situation",
                                   f"step '{step.id}': docs/{lang}/{page} has no heading {{#{anchor}}}",
                                   f"{step.id}:{lang}:anchor"))
        channel = channels.get(step.channel)
        if not channel or not channel.get("number"):
            why = "is not a help channel in docs/_data/campaign.yml" if not channel else "has no number to call"
            out.append(Problem(situation.SHOWN, step.line, "situation", f"step '{step.id}': channel '{step.channel}' {why}"))
    return out


def problems(root: Path, data) -> tuple[list[Problem], int]:
    """(problems, number of paths proven). No guided check: nothing to prove."""
    import numpy as np  # noqa: PLC0415 - see matched()
    try:
        model = situation.load(data.docs_dir, data.languages)
    except sitedata.DataError as err:
        return [Problem(e.path, e.line, "situation", e.message) for e in getattr(err, "errors", [err])], 0
    if model is None:
        return [], 0
    out = link_problems(root, data, model)
    dims = dimensions(model)
    shape = tuple(size for *_, size in dims)
    match = {step.id: matched(model, dims, step) for step in model.steps}
    example = lambda where: describe(answers_of(model, dims, np.unravel_index(int(np.argmax(where)), shape)))  # noqa: E731
    # 1. Every path matches at least one step.
    empty = ~np.logical_or.reduce([match[s.id] for s in model.steps])
    if empty.any():
        out.append(Problem(situation.SHOWN, 1, "situation",
                           f"{int(empty.sum())} paths give an empty plan, for example {example(empty)}: "
                           "add a step for them (a step without `when` is in every plan)"))
    # 4. A plan is its matching steps in plan order (situation.plan), so a path's plan breaks the rule
    #    exactly when it matches two steps that plan order puts the wrong way round.
    ordered = situation.plan(model, None)
    for n, after in enumerate(ordered):
        for before in ordered[:n]:
            why = out_of_order(model, before, after)
            both = (match[before.id] & match[after.id]) if why else None
            if why and both.any():
                out.append(Problem(situation.SHOWN, after.line, "situation",
                                   f"{int(both.sum())} paths give a plan out of order ({why}), for example {example(both)}"))
    return out, int(np.prod(shape, dtype=np.int64))
