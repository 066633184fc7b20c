"""The checks suites write their tests with: each raises a ``Failure`` whose message
says, in both languages, what was expected and what came back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from quizzer.cards import Text
from quizzer.suites.say import Say, en, join, say
from quizzer.suites.verdicts import Failure, SubmissionProblem, hold

__all__ = [
    "as_array",
    "as_float",
    "assert_close",
    "expect",
    "expect_raises",
    "unpack",
    "values_right_on_arrays",
]


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
        hold(failure)
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
