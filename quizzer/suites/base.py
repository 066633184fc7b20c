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

This module defines the cases and the catalogue's entries; the rest of the API
it exports lives in ``verdicts`` (how a test ends), ``checks`` (what tests are
written with) and ``say`` (messages in both languages).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quizzer.cards import Text, Titled
from quizzer.suites.checks import (
    as_array,
    as_float,
    assert_close,
    expect,
    expect_raises,
    unpack,
    values_right_on_arrays,
)
from quizzer.suites.say import Say, en, join, say, zh
from quizzer.suites.verdicts import (
    Failure,
    SubmissionCrashed,
    SubmissionProblem,
    SubmissionRaised,
    SubmissionTimeout,
    values_first,
)

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
    """The marked tests of a suite module, in source order; of a suite package, those of each
    module of its ``PARTS``, part after part."""
    parts = getattr(module, "PARTS", None)
    if parts is not None:
        return [c for part in parts for c in collect(part, challenge)]
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
