"""The submissions ``quizzer bundle --check`` feeds a bundle, one of each kind, for any challenge.

Generated from the reference solutions, so they exist for every challenge and
every bundle: the first challenge of the bundle gets the kind, the others their
reference. ``wrong`` shifts the first function's (first) output by one, which
every hidden suite must notice (a test proves it for all eleven).
"""

from __future__ import annotations

from quizzer.bundles.common import Spec

KINDS = ("correct", "wrong", "crash", "hostile", "empty", "misnamed", "syntax")
NOT_GRADABLE = ("empty", "misnamed", "syntax")  # 0 on Gradescope; not gradable on PrairieLearn


def submission(kind: str, spec: Spec, results_paths: list[str]) -> dict[str, str]:
    """File name -> text of a generated submission of ``kind``."""
    from quizzer.challenges import CHALLENGES, solution_path

    files = {
        spec.filename(c): solution_path(c).read_text(encoding="utf-8") for c in spec.challenges
    }
    first = spec.challenges[0]
    name, fn = spec.filename(first), CHALLENGES[first][0]
    if kind in ("wrong", "hostile"):
        files[name] += _OFF_BY_ONE.format(fn=fn)
    if kind == "hostile":
        files[name] += _FAKE_RESULTS.format(paths=results_paths)
    if kind == "crash":
        files[name] += _CRASH.format(fn=fn)
    if kind == "empty":
        files[name] = ""
    if kind == "syntax":
        files[name] += "\n\ndef broken(:\n    pass\n"
    if kind == "misnamed":
        files["my_" + name] = files.pop(name)
    return files


_OFF_BY_ONE = """

# --- quizzer selfcheck: the first function's output, off by one
_selfcheck_original = {fn}


def {fn}(*args, **kwargs):
    return _selfcheck_off(_selfcheck_original(*args, **kwargs))


def _selfcheck_off(value):
    if isinstance(value, tuple) and value:
        return (_selfcheck_off(value[0]),) + value[1:]
    try:
        return value + 1.0
    except TypeError:
        return value
"""

_CRASH = """

# --- quizzer selfcheck: the first function crashes its process (reads address 0: SIGSEGV)
def {fn}(*args, **kwargs):
    import ctypes

    return ctypes.string_at(0)
"""

_FAKE_RESULTS = """

# --- quizzer selfcheck: a fake perfect results.json, written while the file is imported
import json as _json
import os as _os

for _path in {paths!r}:
    try:
        _os.makedirs(_os.path.dirname(_path), exist_ok=True)
        with open(_path, "w") as _f:
            _json.dump({{"score": 1000.0, "gradable": True, "tests": [], "output": "hacked"}}, _f)
    except OSError:
        pass
"""
