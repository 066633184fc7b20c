"""The small framework every hidden suite is written in.

A suite is an ordinary module of pytest-style test functions that take the
implementation under test as their only argument, ``impl`` (an object whose
attributes are the challenge's functions: the reference module, a known
mistake, or a proxy to a learner's sandboxed process). Each test is marked with
``@case(name, visible=...)``. Tests fail by raising ``Failure`` (an
``AssertionError``) with a message that teaches, in both languages: every
message a learner reads is a ``Text(en=..., zh=...)``, written with ``say``.

Values come first: inside a test a wrong dtype found by ``as_array`` is held
back (``values_first``) and reported only when nothing else in the test failed,
so a wrong formula is told its values are wrong, not to convert its inputs.

The suites run two ways: under pytest (``tests/test_suites.py`` parametrises
the ``impl`` fixture) and directly, without pytest, by ``run_suite``, which is
what the grader does, so grading does not pay pytest's start-up.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from quizzer.cards import Text, Titled
from quizzer.suites.say import Say, en, join, say, tidy_zh, zh

__all__ = [
    "Case",
    "Failure",
    "Mistake",
    "Say",
    "SubmissionCrashed",
    "SubmissionProblem",
    "SubmissionRaised",
    "SubmissionTimeout",
    "as_array",
    "as_float",
    "assert_close",
    "case",
    "collect",
    "en",
    "expect",
    "expect_raises",
    "join",
    "mistake",
    "say",
    "unpack",
    "values_first",
    "values_right_on_arrays",
    "zh",
]

VISIBLE = "visible"
HIDDEN = "hidden"
_MARK = "__quizzer_case__"


# --------------------------------------------------------------------------- problems
class Failure(AssertionError):
    """A test's verdict: the implementation is wrong. ``expected``/``got`` feed the diff of
    visible tests; ``message`` is English, ``message_zh`` Chinese."""

    def __init__(self, message: Say, *, expected: Any = None, got: Any = None):
        super().__init__(en(message))
        self.message = en(message)
        self.message_zh = tidy_zh(zh(message))
        self.expected = expected
        self.got = got


class SubmissionProblem(Exception):
    """Raised by a sandbox proxy when a call did not return normally (``zh``: the message in
    Chinese, when the proxy has it)."""

    status = "error"

    def __init__(self, message: Say = ""):
        super().__init__(en(message))
        self.zh = zh(message)


class SubmissionTimeout(SubmissionProblem):
    status = "timeout"


class SubmissionCrashed(SubmissionProblem):
    status = "crash"


class SubmissionRaised(SubmissionProblem):
    """The learner's function raised an exception other than ValueError."""

    status = "error"

    def __init__(self, exc_type: str, message: str):
        super().__init__(Text(f"{exc_type}: {message}", f"抛出了 {exc_type}：「{message}」"))
        self.exc_type = exc_type


_HELD: ContextVar[list[Failure] | None] = ContextVar("quizzer_held_failures", default=None)


@contextmanager
def values_first() -> Iterator[None]:
    """Run a test so that a wrong dtype is reported only if its values are right.

    ``as_array`` holds a dtype failure back here; the test goes on with the array it got; when
    the test ends without another failure, the first held one is raised. If the test's own
    code then trips over the wrong dtype (NumPy refusing a boolean array, say), the dtype is
    what gets reported.
    """
    token = _HELD.set([])
    try:
        yield
        held = _HELD.get()
        if held:
            raise held[0]
    except (Failure, SubmissionProblem):
        raise
    except Exception:
        held = _HELD.get()
        if held:
            raise held[0] from None
        raise
    finally:
        _HELD.reset(token)


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


def expect(condition: Any, message: Say, *, expected: Any = None, got: Any = None) -> None:
    if not condition:
        raise Failure(message, expected=expected, got=got)


def as_array(value: Any, what: Say, *, shape: tuple | None = None, dtype: Any = None) -> np.ndarray:
    """Check that a returned value is an ndarray of the expected shape (and dtype); return it.

    Inside ``values_first`` a wrong dtype is held back until the test's value checks are done.
    """
    if not isinstance(value, np.ndarray):
        shaped = say(" of shape {s}", "、形状为 {s} 的", s=str(tuple(shape))) if shape else ""
        raise Failure(
            say(
                "{what} should be a numpy.ndarray{shaped}, got {t}",
                "{what} 应当是{shaped} numpy.ndarray，实际是 {t}",
                what=what,
                shaped=shaped,
                t=type(value).__name__,
            ),
            expected="ndarray",
            got=type(value).__name__,
        )
    if shape is not None and value.shape != tuple(shape):
        raise Failure(
            say(
                "{what} should have shape {want}, got {got}",
                "{what} 的形状应当是 {want}，实际是 {got}",
                what=what,
                want=str(tuple(shape)),
                got=str(value.shape),
            ),
            expected=tuple(shape),
            got=value.shape,
        )
    if dtype is not None and value.dtype != np.dtype(dtype):
        failure = Failure(
            say(
                "{what} should have dtype {want}, got {got}",
                "{what} 的 dtype 应当是 {want}，实际是 {got}",
                what=what,
                want=str(np.dtype(dtype)),
                got=str(value.dtype),
            ),
            expected=str(np.dtype(dtype)),
            got=str(value.dtype),
        )
        held = _HELD.get()
        if held is None:
            raise failure
        held.append(failure)
    return value


def as_float(value: Any, what: Say) -> float:
    """Check that a returned value is a real scalar (Python or NumPy, or a 0-d array)."""
    if isinstance(value, (bool, np.bool_)) or not (
        isinstance(value, (int, float, np.integer, np.floating))
        or (isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf")
    ):
        raise Failure(
            say(
                "{what} should be a float, got {t}",
                "{what} 应当是浮点数，实际是 {t}",
                what=what,
                t=type(value).__name__,
            ),
            expected="float",
            got=type(value).__name__,
        )
    return float(value)


def unpack(value: Any, n: int, what: Say) -> tuple:
    """Check that a function returned a tuple (or list) of ``n`` items."""
    if not isinstance(value, (tuple, list)) or len(value) != n:
        got = f"{type(value).__name__}" + (
            f" of length {len(value)}" if isinstance(value, (tuple, list)) else ""
        )
        got_zh = type(value).__name__ + (
            f"（长度 {len(value)}）" if isinstance(value, (tuple, list)) else ""
        )
        raise Failure(
            say(
                "{what} should return a tuple of {n} values, got {got}",
                "{what} 应当返回含 {n} 个值的 tuple，实际是 {got}",
                what=what,
                n=str(n),
                got=Text(got, got_zh),
            ),
            expected=f"tuple of {n}",
            got=got,
        )
    return tuple(value)


def assert_close(
    got: Any,
    expected: Any,
    what: Say,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    hint: Say = "",
) -> None:
    """``got`` must be an array of ``expected``'s shape, finite where expected is, and close to it."""
    expected = np.asarray(expected)
    arr = as_array(got, what, shape=expected.shape) if expected.ndim else np.asarray(got)
    if expected.ndim == 0:
        as_float(got, what)
    if arr.dtype.kind not in "iufb":
        raise Failure(
            say(
                "{what} should hold numbers, got dtype {d}",
                "{what} 应当是数值，实际 dtype 是 {d}",
                what=what,
                d=str(arr.dtype),
            )
        )
    tail = say(": {hint}", "：{hint}", hint=hint) if en(hint) else ""
    bad = ~np.isfinite(arr) & np.isfinite(expected)
    if bad.any():
        message = say(
            "{what} has {n} nan/inf value(s) where a finite number is expected",
            "{what} 有 {n} 个 nan/inf，而这些位置应当是有限数",
            what=what,
            n=str(int(bad.sum())),
        )
        raise Failure(join(message, tail), expected=_summary(expected), got=_summary(arr))
    if not np.allclose(arr, expected, rtol=rtol, atol=atol, equal_nan=True):
        diff = np.abs(arr.astype(np.float64) - expected.astype(np.float64))
        worst = float(np.nanmax(diff)) if diff.size else float("nan")
        where = Text("", "")
        if diff.ndim and diff.size and np.isfinite(worst):  # where, at full precision
            at = np.unravel_index(int(np.nanargmax(diff)), diff.shape)
            where = say(
                " at [{at}]: expected {e}, got {g}",
                "，位于 [{at}]：期望 {e}，实际 {g}",
                at=", ".join(map(str, at)),
                e=f"{float(expected[at]):.10g}",
                g=f"{float(arr[at]):.10g}",
            )
        message = say(
            "{what} is wrong (largest difference {worst}{where}; tolerance rtol={r}, atol={a})",
            "{what} 的数值不对（最大差值 {worst}{where}；容差 rtol={r}，atol={a}）",
            what=what,
            worst=f"{worst:.3g}",
            where=where,
            r=f"{rtol:g}",
            a=f"{atol:g}",
        )
        raise Failure(join(message, tail), expected=_summary(expected), got=_summary(arr))


def values_right_on_arrays(got: Any, expected: Any, what: Say, **tolerance: float) -> None:
    """Before a test blames lists, float32 or conversion, the plain float64 call must be right:
    otherwise the values are wrong, and that is what the learner is told."""
    assert_close(
        got,
        expected,
        what,
        hint=say(
            "the values are wrong already for float64 arrays; fix the formula first (this test "
            "checks input types and dtypes once the values are right)",
            "用 float64 数组调用时数值就已经不对；先改正公式（数值正确后，本测试才检查输入类型和 dtype）",
        ),
        **tolerance,
    )


def expect_raises(
    exc_type: type[BaseException],
    func: Callable,
    *args: Any,
    what: Say,
    hint: Say = "",
    **kwargs: Any,
) -> None:
    """``func(*args)`` must raise ``exc_type`` (ValueError for bad arguments, per the contract);
    ``hint`` follows the message when it does not."""
    tail = say(": {hint}", "：{hint}", hint=hint) if en(hint) else ""
    try:
        func(*args, **kwargs)
    except exc_type:
        return
    except SubmissionProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - the learner raised the wrong type
        raise Failure(
            join(
                say(
                    "{what} should raise {want}, but it raised {t}: {e}",
                    "{what} 应当抛出 {want}，实际抛出了 {t}：「{e}」",
                    what=what,
                    want=exc_type.__name__,
                    t=type(exc).__name__,
                    e=str(exc),
                ),
                tail,
            )
        ) from None
    raise Failure(
        join(
            say(
                "{what} should raise {want}, but it returned normally",
                "{what} 应当抛出 {want}，但它正常返回了",
                what=what,
                want=exc_type.__name__,
            ),
            tail,
        )
    )
