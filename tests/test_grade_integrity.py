"""Integrity signals: copies survive renaming, different solutions are not flagged, escapes are named."""

from __future__ import annotations

import io
from pathlib import Path

from quizzer.challenges import CHALLENGES, solution_path
from quizzer.grading import copies, integrity
from quizzer.render import console
from quizzer.render.batch import print_summary

FIXTURES = Path(__file__).parent / "fixtures" / "grade"
FUNCTIONS = CHALLENGES["dropout"]

ORIGINAL = '''\
import numpy as np


def dropout_forward(x, p, rng, training=True):
    """Inverted dropout."""
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    if not training or p == 0:
        return x.astype(dtype), np.ones(x.shape, dtype)
    if p == 1:
        return np.zeros(x.shape, dtype), np.zeros(x.shape, dtype)
    keep = rng.random(x.shape) >= p
    mask = (keep / (1 - p)).astype(dtype)
    return (x * mask).astype(dtype), mask


def dropout_backward(dout, mask):
    return dout * mask
'''

RENAMED = '''\
import numpy as numpy_lib
# copied from a friend, names changed


def dropout_forward(inp, prob, gen, training=True):
    if not 0 <= prob <= 1:
        raise ValueError("probability out of range")
    inp = numpy_lib.asarray(inp)
    kind = inp.dtype if inp.dtype.kind == "f" else numpy_lib.float64
    if not training or prob == 0:
        return inp.astype(kind), numpy_lib.ones(inp.shape, kind)
    if prob == 1:
        return numpy_lib.zeros(inp.shape, kind), numpy_lib.zeros(inp.shape, kind)
    kept = gen.random(inp.shape) >= prob
    m = (kept / (1 - prob)).astype(kind)
    return (inp * m).astype(kind), m


def dropout_backward(g, m):
    """Backward."""
    return g * m
'''

# the same program with two small edits: an extra temporary and 1.0 for 1
EDITED = ORIGINAL.replace("(1 - p)", "(1.0 - p)").replace(
    "    return (x * mask).astype(dtype), mask",
    "    out = x * mask\n    return out.astype(dtype), mask",
)


def prints(**sources):
    return {name: copies.fingerprint(text, FUNCTIONS) for name, text in sources.items()}


def test_renamed_copy_is_identical():
    fps = prints(a=ORIGINAL, b=RENAMED)
    assert fps["a"].digest == fps["b"].digest
    flags = copies.copy_flags(fps)
    assert [f["kind"] for f in flags["a"]] == ["identical"]
    assert flags["a"][0]["with"] == ["b"] and flags["b"][0]["with"] == ["a"]


def test_edited_copy_is_near_identical():
    fps = prints(a=ORIGINAL, c=EDITED)
    assert fps["a"].digest != fps["c"].digest
    assert copies.similarity(fps["a"], fps["c"]) >= copies.NEAR
    flags = copies.copy_flags(fps)
    assert [f["kind"] for f in flags["c"]] == ["near-identical"]
    assert flags["c"][0]["with"] == ["a"] and flags["a"][0]["group"] == flags["c"][0]["group"]


def test_near_identical_flag_does_not_repeat_the_identical_group():
    fps = prints(a=ORIGINAL, b=RENAMED, c=EDITED)
    flags = copies.copy_flags(fps)
    near = {name: [f for f in fl if f["kind"] == "near-identical"] for name, fl in flags.items()}
    # a and b are already flagged identical to each other: each one's near-identical flag
    # names only c, and c's names both
    assert near["a"][0]["with"] == ["c"] and near["b"][0]["with"] == ["c"]
    assert near["c"][0]["with"] == ["a", "b"]
    assert near["a"][0]["message"].startswith("near-identical to c (")


def test_different_solutions_are_not_flagged():
    fps = prints(
        a=ORIGINAL,
        binomial=(FIXTURES / "correct_binomial.py").read_text(),
        where=(FIXTURES / "correct_where.py").read_text(),
        reference=solution_path("dropout").read_text(),
    )
    assert copies.copy_flags(fps) == {}
    for x in fps:
        for y in fps:
            if x != y:
                assert copies.similarity(fps[x], fps[y]) < 0.5, (x, y)


def test_reference_copy_is_flagged_even_alone():
    reference = copies.fingerprint(solution_path("dropout").read_text(), FUNCTIONS)
    renamed = solution_path("dropout").read_text().replace("dtype", "kind")
    flags = copies.copy_flags(prints(alice=renamed, bob=ORIGINAL), reference)
    assert [f["kind"] for f in flags["alice"]] == ["reference-copy"]
    assert "bob" not in flags


def test_unparsable_files_are_left_out():
    assert copies.fingerprint("def f(:\n", FUNCTIONS) is None
    assert copies.copy_flags({"a": None, "b": None}) == {}


def test_static_flags_name_the_attempts_and_their_lines():
    source = (
        "import os as o\n"
        "import subprocess\n"
        "from sys import exit as leave\n"
        "import builtins\n"
        "builtins.len = None\n"
        "def dropout_forward(x, p, rng, training=True):\n"
        "    o._exit(0)\n"
        "    leave(1)\n"
        "    o.execv('/bin/sh', [])\n"
        "    __import__('socket')\n"
    )
    found = {f["what"]: f["line"] for f in integrity.static_flags(source)}
    assert found["imports subprocess: starts processes"] == 2
    assert found["calls os._exit() (os._exit)"] == 7
    assert found["calls sys.exit() (sys.exit)"] == 8
    assert found["replaces its process (os.execv)"] == 9
    assert found["imports modules dynamically (__import__)"] == 10
    assert found["overwrites builtins.len"] == 5
    assert integrity.static_flags(ORIGINAL) == []
    assert integrity.static_flags(solution_path("dropout").read_text()) == []


def test_runtime_flags_read_the_sandbox_report():
    record = {
        "tests": [
            {"message": "ModuleNotFoundError: importing 'quizzer' is not allowed in a submission"},
            {
                "message": "SystemExit: dropout_forward() called sys.exit(0): a submission must not exit"
            },
            {"message": "dropout_forward(x, p=0.5, rng) is wrong"},
        ],
        "problem": None,
    }
    whats = [f["what"] for f in integrity.runtime_flags(record)]
    assert whats == [
        "tried to import quizzer (refused)",
        "exited while graded (sys.exit or os._exit)",
    ]
    assert integrity.runtime_flags({"tests": [{"message": "wrong value"}]}) == []


def test_summary_view_shows_sorted_rows_and_flags():
    rows = [
        {"submission": "bob.py", "status": "graded", "score": 0.5, "passed": False,
         "passed_count": 9, "total": 18, "counts": {"fail": 9}, "problem": "",
         "mistakes": ["dropout-no-rescale"], "flags": [], "flag_kinds": [], "seconds": 0.2},
        {"submission": "alice.py", "status": "graded", "score": 1.0, "passed": True,
         "passed_count": 18, "total": 18, "counts": {}, "problem": "", "mistakes": [],
         "flags": ["identical to carol.py"], "flag_kinds": ["identical"], "seconds": 0.2},
    ]  # fmt: skip
    buffer = io.StringIO()
    print_summary(console(file=buffer, width=100), rows, "dropout", 3, 1.0, ["carol.py"])
    text = buffer.getvalue()
    assert text.index("alice.py") < text.index("bob.py")
    assert "9 fail" in text and "no rescale" in text
    assert "alice.py: identical to carol.py" in text
    assert "2 of 3 submissions graded" in text and "1 not graded" in text


def test_summary_table_reads_at_80_columns():
    rows = [
        {"submission": "erin.py", "status": "graded", "score": 0.7, "passed": False,
         "passed_count": 14, "total": 20, "counts": {"fail": 6}, "problem": "",
         "mistakes": ["batchnorm-backward-constant-statistics"], "flags": ["x"],
         "flag_kinds": ["identical", "near-identical"], "seconds": 0.2},
        {"submission": "hal.py", "status": "graded", "score": 0.0, "passed": False,
         "passed_count": 0, "total": 20, "counts": {"error": 20},
         "problem": "SyntaxError at line 3: invalid syntax", "problem_kind": "syntax",
         "problem_line": 3, "mistakes": [], "flags": [], "flag_kinds": [], "seconds": 0.1},
    ]  # fmt: skip
    buffer = io.StringIO()
    print_summary(console(file=buffer, width=80), rows, "batchnorm", 2, 1.0, [])
    table = buffer.getvalue().split("Integrity signals")[0]
    assert max(len(line) for line in table.splitlines()) <= 80
    words = table.split()
    # no flag or mistake is cut in the middle of a word
    assert "near-identical" in words and "identical" in words
    assert {"backward", "constant", "statistics"} <= set(words)
    assert "batchnorm-backward" not in table  # the challenge prefix is in the title already
    # a file that never loaded says why
    assert "syntax," in words and "line" in words
