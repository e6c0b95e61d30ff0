"""Browser waits that work on pages with this site's Content-Security-Policy.

Playwright's `wait_for_function` evaluates a predicate written as an expression with `eval()`
on every poll after the first; the pages' policy allows no 'unsafe-eval', so such a wait fails
whenever its condition is not met at once (under load, say). A predicate written as a function
is evaluated once. This reads every test's waits and requires the function form.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

FUNCTION = re.compile(r"^\s*(?:async\s+)?(?:function\b|(?:\([^()]*\)|[A-Za-z_$][\w$]*)\s*=>)")
TESTS = Path(__file__).parent


def predicates():
    """(file:line, the predicate's text) of every `wait_for_function` written with a string."""
    for path in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "wait_for_function" and node.args):
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    yield f"{path.name}:{node.lineno}", first.value
                elif isinstance(first, ast.JoinedStr):  # an f-string: its literal start says its form
                    head = first.values[0]
                    yield f"{path.name}:{node.lineno}", head.value if isinstance(head, ast.Constant) else ""


def test_every_wait_for_function_predicate_is_a_function():
    found = list(predicates())
    assert found, "no wait_for_function in the tests: is this reading the right folder?"
    assert [where for where, text in found if not FUNCTION.match(text)] == []


def test_the_rule_tells_the_two_forms_apart():
    assert FUNCTION.match("() => document.body !== null")
    assert FUNCTION.match("([el, text]) => el.textContent === text")
    assert FUNCTION.match("placeholder => placeholder")
    assert not FUNCTION.match("document.getElementById('x').checked")
    assert not FUNCTION.match("!document.hidden")
