"""How a suite's test ends when the implementation is not right.

``Failure`` is the verdict "wrong" (an ``AssertionError`` with its message in
both languages); ``SubmissionProblem`` and its kinds are raised by a sandbox
proxy when a call did not return normally. ``values_first`` runs a test so that
a wrong dtype (a failure ``hold`` keeps back) is reported only when the values
are right.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from quizzer.cards import Text
from quizzer.suites.say import Say, en, tidy_zh, zh

__all__ = [
    "Failure",
    "SubmissionCrashed",
    "SubmissionProblem",
    "SubmissionRaised",
    "SubmissionTimeout",
    "hold",
    "values_first",
]


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


def hold(failure: Failure) -> None:
    """Keep ``failure`` back until the test's values are checked (inside ``values_first``);
    raise it at once elsewhere."""
    held = _HELD.get()
    if held is None:
        raise failure
    held.append(failure)
