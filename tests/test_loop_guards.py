"""No test passes because a loop of assertions ran zero times.

An assert inside a `for` loop, or an `assert all(... for x in xs)`, checks nothing when the
collection is empty. Each such collection is asserted non-empty first (`assert pages, "..."`,
`assert len(pages) >= 5`, `assert "x" in pages`, `assert any(... for p in pages)`) in the same
function, or the loop counts what it checked and the count is asserted after it (`checked += 1`,
then `assert checked`). A collection written out in the test (a list, tuple, dict or range of
constants) needs neither. Where an empty collection is what the test wants (no request at all,
say), the line says so: `# may be empty: <why>`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sitegen.testing import LANGUAGES

pytestmark = pytest.mark.unit

TESTS = Path(__file__).parent
PRAGMA = "# may be empty:"
# Shared collections that are never empty: sitegen.sitedata.campaign_languages() fails on a campaign
# listing no language (test_shared_collections_are_not_empty below holds it to that).
NON_EMPTY = {"LANGUAGES"}
WRAPPERS = {"enumerate", "sorted", "list", "tuple", "set", "frozenset", "reversed", "iter", "len", "range"}  # not zip
MATERIALISE = {"len", "list", "sorted", "tuple", "set", "frozenset", "dict"}
VIEWS = {"items", "keys", "values"}
MUTATORS = {"append", "add", "extend", "update", "insert", "setdefault"}
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def own(node):
    """The nodes under `node`, not descending into nested functions, classes or lambdas."""
    for child in ast.iter_child_nodes(node):
        yield child
        if not isinstance(child, SCOPES):
            yield from own(child)


def core(expr):
    """The collection an iterable or a claim is about: `xs` for `enumerate(sorted(xs))`, `len(xs)` or
    `xs.items()`; `d[k]` for `d.get(k)`."""
    while isinstance(expr, ast.Call):
        func = expr.func
        one = len(expr.args) == 1 or func.id != "range" if isinstance(func, ast.Name) else False
        if isinstance(func, ast.Name) and func.id in WRAPPERS and expr.args and one:
            expr = expr.args[0]
        elif isinstance(func, ast.Attribute) and func.attr in VIEWS and not expr.args:
            expr = func.value
        elif isinstance(func, ast.Attribute) and func.attr == "get" and len(expr.args) == 1:
            expr = ast.Subscript(value=func.value, slice=expr.args[0], ctx=ast.Load())
        else:
            break
    return expr


def key(expr) -> str:
    return ast.unparse(core(expr))


def written_out(expr) -> bool:
    """A non-empty literal: a list, tuple, set or dict with an element, or a true constant."""
    if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
        return any(not isinstance(e, ast.Starred) for e in expr.elts)
    if isinstance(expr, ast.Dict):
        return any(k is not None for k in expr.keys)
    return isinstance(expr, ast.Constant) and bool(expr.value)


def empty_literal(expr) -> bool:
    """An empty list, tuple, set or dict, or 0 or "": not None (`xs != None` says nothing of its size)."""
    if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
        return not expr.elts
    if isinstance(expr, ast.Dict):
        return not expr.keys
    return isinstance(expr, ast.Constant) and expr.value is not None and not expr.value


def number(expr):
    """The value of a number written out, sums and products of numbers included (`5 + 20 + 14`)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, (int, float)) and not isinstance(expr.value, bool):
        return expr.value
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mult)):
        left, right = number(expr.left), number(expr.right)
        if left is not None and right is not None:
            return left + right if isinstance(expr.op, ast.Add) else left * right
    return None


class Function:
    """One function (or the module) of a test file, with what its names are assigned."""

    def __init__(self, node, module):
        self.nodes = list(own(node))
        self.module = module
        self.values = {}
        for n in self.nodes:
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
                self.values.setdefault(n.targets[0].id, []).append(n.value)
        self.asserts = [n for n in self.nodes if isinstance(n, ast.Assert)]
        args = getattr(node, "args", None)
        self.params = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]} if args else set()
        self.parents = {child: parent for parent in [node, *self.nodes] for child in ast.iter_child_nodes(parent)}

    def assigned(self, name):
        if name in self.values or name in self.params:
            return self.values.get(name, [])
        return self.module.values.get(name, []) if self.module is not None else []

    def fixed(self, expr, depth=0) -> bool:
        """A collection that cannot be empty: written out here, or a name only ever bound to one."""
        expr = core(expr)
        if written_out(expr):
            return True
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self.fixed(expr.left, depth) or self.fixed(expr.right, depth)
        if isinstance(expr, ast.Name) and depth < 5:
            values = self.assigned(expr.id)
            return expr.id in NON_EMPTY or bool(values) and all(self.fixed(v, depth + 1) for v in values)
        return False

    def claims(self, test, known=frozenset()) -> set[str]:
        """The collections an assert's test says are not empty, by `key`; `known`: those said so before."""
        found = set()
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            for value in test.values:
                found |= self.claims(value, known | found)
        elif isinstance(test, ast.Compare):
            operands = [test.left, *test.comparators]
            same = []
            for a, op, b in zip(operands, test.ops, operands[1:]):
                if isinstance(op, ast.In):
                    self.claim(b, found)
                elif isinstance(op, (ast.Gt, ast.GtE)) and self.positive(b, isinstance(op, ast.Gt)):
                    self.claim(a, found)
                elif isinstance(op, (ast.Lt, ast.LtE)) and self.positive(a, isinstance(op, ast.Lt)):
                    self.claim(b, found)
                elif isinstance(op, ast.NotEq) and (empty_literal(a) or empty_literal(b)):  # `is not []`: always
                    self.claim(b if empty_literal(a) else a, found, bare=True)
                elif isinstance(op, ast.Eq):
                    if written_out(b) or self.positive(b, False):
                        self.claim(a, found)
                    if written_out(a) or self.positive(a, False):
                        self.claim(b, found)
                    same.append((a, b))
            for _ in same:  # a == b == 3, or len(a) == len(b) with b known: what one side is, so is the other
                for a, b in same:
                    if {key(a), key(b)} & (found | known):
                        self.claim(a, found)
                        self.claim(b, found)
        elif isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "any" and test.args:
            if isinstance(test.args[0], (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
                self.claim(test.args[0].generators[0].iter, found)
        else:
            self.claim(test, found, bare=True)
        return found

    @staticmethod
    def positive(expr, strict) -> bool:
        """True when `x > expr` (strict) or `x >= expr` makes x non-empty: `2 + len(ys)` included."""
        value = number(expr)
        if value is not None:
            return value >= (0 if strict else 1)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            sized = [side for side in (expr.left, expr.right)
                     if isinstance(side, ast.Call) and isinstance(side.func, ast.Name) and side.func.id == "len"]
            rest = [side for side in (expr.left, expr.right) if not any(side is s for s in sized)]
            return len(rest) == 1 and Function.positive(rest[0], strict) or not rest and strict
        return written_out(expr)

    def claim(self, expr, found, bare=False, depth=0):
        """Add `expr` as claimed non-empty; a bare truth test of a call is no claim: a generator is always true."""
        if bare and isinstance(expr, ast.Call) and not (
                isinstance(expr.func, ast.Name) and expr.func.id in MATERIALISE
                or isinstance(expr.func, ast.Attribute) and expr.func.attr in VIEWS | {"get"}):
            return
        if isinstance(expr, ast.GeneratorExp):
            return
        expr = core(expr)
        found.add(ast.unparse(expr))
        if isinstance(expr, ast.Subscript):  # d[k] holds something: so does d
            self.claim(expr.value, found, depth=depth)
        elif isinstance(expr, (ast.ListComp, ast.SetComp, ast.DictComp)):  # what it was made from too
            self.claim(expr.generators[0].iter, found, depth=depth)
        elif isinstance(expr, ast.Name) and depth < 5:
            values = self.values.get(expr.id, [])
            if len(values) == 1 and isinstance(core(values[0]), (ast.ListComp, ast.SetComp, ast.DictComp)):
                self.claim(values[0], found, depth=depth + 1)

    def counted(self, loop, later) -> bool:
        """True when an assert after the loop claims a count or list the loop adds to."""
        claimed = set().union(*(self.claims(a.test) for a in later)) if later else set()
        inside = {id(n) for n in own(loop)}
        collection = core(loop.iter)
        for n in self.nodes:
            name = None
            if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name):
                name = n.target.id
                # `seen += bool(xs)` outside a loop over xs counts what that loop saw
                mentions = any(ast.unparse(m) == ast.unparse(collection) for m in ast.walk(n.value))
                if name in claimed and (id(n) in inside or mentions):
                    return True
            elif (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in MUTATORS
                  and isinstance(n.func.value, ast.Name)):
                name = n.func.value.id
            elif isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Subscript) \
                    and isinstance(n.targets[0].value, ast.Name):
                name = n.targets[0].value.id
            if name is not None and name in claimed and id(n) in inside:
                return True
        return False

    def guarded(self, iterable, line, node) -> bool:
        if self.fixed(iterable):
            return True
        if isinstance(iterable, ast.BinOp) and isinstance(iterable.op, ast.Add):
            if self.guarded(iterable.left, line, node) or self.guarded(iterable.right, line, node):
                return True
        want = key(iterable)
        known = set()
        for before in sorted((a for a in self.asserts if a.lineno < line), key=lambda a: a.lineno):
            known |= self.claims(before.test, frozenset(known))
        if want in known:
            return True
        parent = self.parents.get(node)
        while parent is not None:  # inside `if xs:`
            if isinstance(parent, ast.If) and any(node is n for n in parent.body) and want in self.claims(parent.test):
                return True
            node, parent = parent, self.parents.get(parent)
        return False


def unguarded(source: str, filename: str = "<test>") -> list[str]:
    """`file:line` of each loop of asserts, or `assert all(...)`, over a collection that may be empty."""
    tree = ast.parse(source)
    lines = source.splitlines()
    module = Function(tree, None)
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        scope = Function(func, module)
        for node in scope.nodes:
            if isinstance(node, (ast.For, ast.AsyncFor)):
                if not any(isinstance(n, ast.Assert) for n in own(node)) or PRAGMA in lines[node.lineno - 1]:
                    continue
                later = [a for a in scope.asserts if a.lineno > node.end_lineno]
                if not (scope.guarded(node.iter, node.lineno, node) or scope.counted(node, later)):
                    found.append(f"{filename}:{node.lineno}")
            elif isinstance(node, ast.Assert):
                if any(PRAGMA in line for line in lines[node.lineno - 1:node.end_lineno]):
                    continue
                negated = {id(n.operand) for n in ast.walk(node.test) if isinstance(n, ast.UnaryOp)
                           and isinstance(n.op, ast.Not)}
                for call in ast.walk(node.test):
                    quantifier = "any" if id(call) in negated else "all"  # true of an empty collection
                    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == quantifier
                            and call.args and isinstance(call.args[0], (ast.GeneratorExp, ast.ListComp, ast.SetComp))):
                        iterable = call.args[0].generators[0].iter
                        if not (scope.guarded(iterable, node.lineno, node)
                                or key(iterable) in scope.claims(node.test)):
                            found.append(f"{filename}:{node.lineno}")
    return sorted(set(found), key=lambda where: int(where.rsplit(":", 1)[1]))


def test_every_loop_of_asserts_is_over_something():
    files = sorted(TESTS.glob("test_*.py"))
    assert len(files) > 30, f"no test files in {TESTS}"
    found = [where for path in files for where in unguarded(path.read_text(encoding="utf-8"), path.name)]
    assert found == [], "asserts in a loop over a collection not asserted non-empty first: " + ", ".join(found)


def test_shared_collections_are_not_empty():
    assert LANGUAGES, "the campaign lists no language"


SYNTHETIC = '''\
import pytest
CASES = [1, 2]
FOUND = sorted(x for x in [])
N = 3

def test_bare(pages):
    for page in pages:                       # 7: flagged
        assert page

def test_guarded(pages):
    assert pages, "no pages"
    for page in pages:
        assert page
    assert len(pages) >= 2 and all(p for p in pages)

def test_generator(site):
    assert site.rglob("*.html")              # a generator is always true: no guard
    for path in site.rglob("*.html"):        # 18: flagged
        assert path
    assert all(p for p in site.rglob("*"))   # 20: flagged

def test_fixed():
    for case in CASES:
        assert case
    for n in range(N):
        assert n >= 0
    for lang in ("zh", "en"):
        assert lang
    for x in FOUND:                          # 29: flagged: computed at import
        assert x

def test_counted(pages):
    checked = 0
    for page in pages:
        for link in page.links:
            assert link
            checked += 1
    assert checked > 10

def test_inner_not_counted(pages):
    assert pages
    for page in pages:
        for link in page.links:              # 43: flagged
            assert link

def test_told(requests):
    assert all(r.startswith("/") for r in requests)  # may be empty: nothing asked is fine
    assert not any(r for r in requests)      # 48: flagged
    assert requests != [] and not any(r for r in requests)

def test_branch(question):
    if question["sources"]:
        for ident in question["sources"]:
            assert ident
    else:
        for ident in question["sources"]:    # 56: flagged
            assert ident
'''


def test_the_check_finds_loops_over_what_may_be_empty():
    assert unguarded(SYNTHETIC, "t.py") == ["t.py:7", "t.py:18", "t.py:20", "t.py:29", "t.py:43", "t.py:48", "t.py:56"]


def test_the_check_reads_the_forms_of_a_guard():
    def loop_after(guard):
        return f"def test(xs, other):\n    {guard}\n    for x in xs:\n        assert x\n"

    for guard in ("assert xs", "assert xs, 'none'", "assert len(xs)", "assert len(xs) > 0", "assert len(xs) >= 3",
                  "assert 0 < len(xs) <= 8", "assert xs != []", "assert 'a' in xs", "assert {'a'} <= set(xs)",
                  "assert other == len(xs) == 5", "assert any(x for x in xs)", "assert other and xs",
                  "assert sorted(xs) == ['a']", "assert len(xs) == 2 + len(other)",
                  "assert other; assert len(xs) == len(other)"):
        assert unguarded(loop_after(guard)) == [], guard
    for guard in ("assert other", "assert len(xs) >= 0", "assert xs == []", "assert len(xs) == len(other)",
                  "assert len(xs) == 0 + len(other)",
                  "assert not xs", "assert xs is not None", "assert xs is not []", "assert xs != None",
                  "assert other or xs", "pass"):
        assert unguarded(loop_after(guard)) == ["<test>:3"], guard
