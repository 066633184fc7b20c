"""The small framework every hidden suite is written in.

A suite is an ordinary module of pytest-style test functions that take the
implementation under test as their only argument, ``impl`` (an object whose
attributes are the challenge's functions: the reference module, a known
mistake, or a proxy to a learner's sandboxed process). Each test is marked with
``@case(name, visible=...)``. Tests fail by raising ``Failure`` (an
``AssertionError``) with a message that teaches.

The suites run two ways: under pytest (``tests/test_suites.py`` parametrises
the ``impl`` fixture) and directly, without pytest, by ``run_suite``, which is
what the grader does, so grading does not pay pytest's start-up.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from quizzer.cards import Text, Titled

VISIBLE = "visible"
HIDDEN = "hidden"
_MARK = "__quizzer_case__"


# --------------------------------------------------------------------------- problems
class Failure(AssertionError):
    """A test's verdict: the implementation is wrong. ``expected``/``got`` feed the diff of visible tests."""

    def __init__(self, message: str, *, expected: Any = None, got: Any = None):
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.got = got


class SubmissionProblem(Exception):
    """Raised by a sandbox proxy when a call did not return normally."""

    status = "error"


class SubmissionTimeout(SubmissionProblem):
    status = "timeout"


class SubmissionCrashed(SubmissionProblem):
    status = "crash"


class SubmissionRaised(SubmissionProblem):
    """The learner's function raised an exception other than ValueError."""

    status = "error"

    def __init__(self, exc_type: str, message: str):
        super().__init__(f"{exc_type}: {message}")
        self.exc_type = exc_type


# --------------------------------------------------------------------------- cases
@dataclass(frozen=True)
class Case(Titled):
    challenge: str
    id: str  # the test function's name
    name: str  # short human name
    visibility: str  # VISIBLE or HIDDEN
    func: Callable[[Any], None] = field(repr=False, compare=False)
    example: str | None = None  # visible tests: the worked example (docstring), doctest format
    name_zh: str | None = None  # the short name in Chinese

    @property
    def hidden(self) -> bool:
        return self.visibility == HIDDEN


def case(name: str, *, zh: str | None = None, visible: bool = False):
    """Mark a suite function as a graded test named ``name`` (``zh``: the name in Chinese).

    A visible test's docstring is its worked example.
    """

    def mark(func):
        setattr(func, _MARK, (name, zh, VISIBLE if visible else HIDDEN))
        return func

    return mark


def collect(module, challenge: str) -> list[Case]:
    """The marked tests of a suite module, in source order."""
    found = []
    for attr, obj in vars(module).items():
        meta = getattr(obj, _MARK, None)
        if meta is None or not callable(obj):
            continue
        name, zh, visibility = meta
        doc = inspect.cleandoc(obj.__doc__ or "") or None
        example = doc if visibility == VISIBLE else None
        found.append(Case(challenge, attr, name, visibility, obj, example, zh))
    found.sort(key=lambda c: c.func.__code__.co_firstlineno)
    return found


# --------------------------------------------------------------------------- mistakes
@dataclass(frozen=True)
class Mistake(Titled):
    """A classic wrong answer, as a runnable variant of the reference."""

    id: str  # e.g. "dropout-no-rescale"
    name: str  # one line, English
    explanation: Text  # what is wrong and why, pointing to the card
    card: str  # the card id whose answer explains it
    functions: dict[str, Callable] = field(repr=False)  # overrides of reference functions
    name_zh: str | None = None  # the one line in Chinese
    # The probes that characterise it (``PROBES`` keys); empty: every probe where it differs
    # from the reference. Name only what the mistake itself changes, so that a file with the
    # mistake and some unrelated difference is still named.
    signature: tuple[str, ...] = ()


def mistake(
    card: str,
    slug: str,
    name: str,
    en: str,
    zh: str,
    *,
    name_zh: str | None = None,
    signature: tuple[str, ...] = (),
    **functions: Callable,
) -> Mistake:
    """A catalogue entry with id ``<card>-<slug>``: its one-line ``name`` (``name_zh`` in
    Chinese) and its explanation in both languages (``en``, ``zh``)."""
    return Mistake(
        id=f"{card}-{slug}",
        name=name,
        explanation=Text(en=en, zh=zh),
        card=card,
        functions=functions,
        name_zh=name_zh,
        signature=tuple(signature),
    )


# --------------------------------------------------------------------------- helpers
def _summary(value: Any) -> str:
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=4, threshold=12, edgeitems=3, suppress=True):
            text = np.array2string(value, separator=", ")
        return f"{text} (shape {value.shape}, {value.dtype})"
    return repr(value)


def expect(condition: Any, message: str, *, expected: Any = None, got: Any = None) -> None:
    if not condition:
        raise Failure(message, expected=expected, got=got)


def as_array(value: Any, what: str, *, shape: tuple | None = None, dtype: Any = None) -> np.ndarray:
    """Check that a returned value is an ndarray of the expected shape (and dtype); return it."""
    if not isinstance(value, np.ndarray):
        raise Failure(
            f"{what} should be a numpy.ndarray"
            + (f" of shape {shape}" if shape is not None else "")
            + f", got {type(value).__name__}",
            expected="ndarray",
            got=type(value).__name__,
        )
    if shape is not None and value.shape != tuple(shape):
        raise Failure(
            f"{what} should have shape {tuple(shape)}, got {value.shape}",
            expected=tuple(shape),
            got=value.shape,
        )
    if dtype is not None and value.dtype != np.dtype(dtype):
        raise Failure(
            f"{what} should have dtype {np.dtype(dtype)}, got {value.dtype}",
            expected=str(np.dtype(dtype)),
            got=str(value.dtype),
        )
    return value


def as_float(value: Any, what: str) -> float:
    """Check that a returned value is a real scalar (Python or NumPy, or a 0-d array)."""
    if isinstance(value, (bool, np.bool_)) or not (
        isinstance(value, (int, float, np.integer, np.floating))
        or (isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf")
    ):
        raise Failure(
            f"{what} should be a float, got {type(value).__name__}",
            expected="float",
            got=type(value).__name__,
        )
    return float(value)


def unpack(value: Any, n: int, what: str) -> tuple:
    """Check that a function returned a tuple (or list) of ``n`` items."""
    if not isinstance(value, (tuple, list)) or len(value) != n:
        got = f"{type(value).__name__}" + (
            f" of length {len(value)}" if isinstance(value, (tuple, list)) else ""
        )
        raise Failure(
            f"{what} should return a tuple of {n} values, got {got}",
            expected=f"tuple of {n}",
            got=got,
        )
    return tuple(value)


def assert_close(
    got: Any,
    expected: Any,
    what: str,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    hint: str = "",
) -> None:
    """``got`` must be an array of ``expected``'s shape, finite where expected is, and close to it."""
    expected = np.asarray(expected)
    arr = as_array(got, what, shape=expected.shape) if expected.ndim else np.asarray(got)
    if expected.ndim == 0:
        as_float(got, what)
    if arr.dtype.kind not in "iufb":
        raise Failure(f"{what} should hold numbers, got dtype {arr.dtype}")
    bad = ~np.isfinite(arr) & np.isfinite(expected)
    if bad.any():
        message = f"{what} has {int(bad.sum())} nan/inf value(s) where a finite number is expected"
        if hint:
            message += f": {hint}"
        raise Failure(message, expected=_summary(expected), got=_summary(arr))
    if not np.allclose(arr, expected, rtol=rtol, atol=atol, equal_nan=True):
        diff = np.abs(arr.astype(np.float64) - expected.astype(np.float64))
        worst = float(np.nanmax(diff)) if diff.size else float("nan")
        message = f"{what} is wrong (largest difference {worst:.3g}"
        if diff.ndim and diff.size and np.isfinite(worst):  # where, at full precision
            at = np.unravel_index(int(np.nanargmax(diff)), diff.shape)
            message += (
                f" at [{', '.join(map(str, at))}]: expected {float(expected[at]):.10g}, "
                f"got {float(arr[at]):.10g}"
            )
        message += f"; tolerance rtol={rtol:g}, atol={atol:g})"
        if hint:
            message += f": {hint}"
        raise Failure(message, expected=_summary(expected), got=_summary(arr))


def expect_raises(
    exc_type: type[BaseException], func: Callable, *args: Any, what: str, **kwargs: Any
) -> None:
    """``func(*args)`` must raise ``exc_type`` (ValueError for bad arguments, per the contract)."""
    try:
        func(*args, **kwargs)
    except exc_type:
        return
    except SubmissionProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - the learner raised the wrong type
        raise Failure(
            f"{what} should raise {exc_type.__name__}, but it raised {type(exc).__name__}: {exc}"
        ) from None
    raise Failure(f"{what} should raise {exc_type.__name__}, but it returned normally")
