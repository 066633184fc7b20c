"""Hidden test suites, the catalogue of known mistakes, and diagnosis.

Public API:
- ``cases(challenge)``: the suite's tests (``Case``), in order;
- ``run_suite(challenge, impl)``: run every test on ``impl``, return ``Result``s;
- ``mistakes(challenge)``: the catalogue of known wrong answers (``Mistake``);
- ``mistake_impl(challenge, mistake)``: the runnable variant of the reference;
- ``diagnose(challenge, impl)``: the catalogued mistakes whose outputs ``impl`` reproduces.

Each suite module ``quizzer/suites/<module>.py`` defines:
- its tests, marked ``@case(...)`` (a suite package ``quizzer/suites/<module>/``
  lists instead, in ``PARTS``, the modules that hold them, in the order they run);
- ``PROBES: dict[str, Callable[[impl], float | ndarray]]``: deterministic
  features of an implementation's outputs that tell the catalogued mistakes
  apart (any correct implementation, however written, gives the reference's
  values; round statistics of random outputs so they are stable);
- ``timing_inputs() -> dict[str, tuple]``: for each function, the arguments of
  the standard input the grader times it on.
Each catalogue module ``quizzer/mistakes/<module>.py`` defines ``MISTAKES``.
"""

from __future__ import annotations

import functools
import importlib
import time
from dataclasses import dataclass
from types import ModuleType, SimpleNamespace
from typing import Any

import numpy as np

from quizzer.challenges import module_name, variant
from quizzer.suites.base import Case, Failure, Mistake, SubmissionProblem, values_first
from quizzer.suites.sharing import sharing

__all__ = [
    "Case",
    "Mistake",
    "Result",
    "cases",
    "diagnose",
    "mistake_impl",
    "mistakes",
    "run_suite",
    "signature",
    "suite_module",
]


@dataclass
class Result:
    id: str
    name: str
    status: str  # pass | fail | error | timeout | crash
    message: str
    hidden: bool
    expected: Any = None  # visible tests only
    got: Any = None
    seconds: float = 0.0
    name_zh: str | None = None
    message_zh: str = ""  # the message in Chinese

    @property
    def passed(self) -> bool:
        return self.status == "pass"


def suite_module(challenge: str) -> ModuleType:
    return importlib.import_module(f"quizzer.suites.{module_name(challenge)}")


def cases(challenge: str) -> list[Case]:
    from quizzer.suites.base import collect

    return collect(suite_module(challenge), challenge)


def run_case(c: Case, impl: Any) -> Result:
    start = time.perf_counter()
    status, message, message_zh, expected, got = "pass", "", "", None, None
    try:
        with values_first():
            c.func(impl)
    except Failure as exc:
        status, message, message_zh = "fail", exc.message, exc.message_zh
        expected, got = exc.expected, exc.got
    except AssertionError as exc:
        status, message = "fail", str(exc) or "assertion failed"
        message_zh = str(exc) or "断言失败"
    except SubmissionProblem as exc:
        status, message, message_zh = exc.status, str(exc), exc.zh or str(exc)
    except Exception as exc:  # noqa: BLE001 - whatever the implementation raised is an error verdict
        status = "error"
        message = f"raised {type(exc).__name__}: {exc}"
        message_zh = f"抛出了 {type(exc).__name__}：「{exc}」"
    if c.hidden:
        expected = got = None
    seconds = time.perf_counter() - start
    return Result(
        c.id, c.name, status, message, c.hidden, expected, got, seconds, c.name_zh, message_zh
    )


def run_suite(challenge: str, impl: Any) -> list[Result]:
    return [run_case(c, impl) for c in cases(challenge)]


def mistakes(challenge: str) -> list[Mistake]:
    module = importlib.import_module(f"quizzer.mistakes.{module_name(challenge)}")
    return list(module.MISTAKES)


def mistake_impl(challenge: str, mistake: Mistake) -> SimpleNamespace:
    return variant(challenge, **mistake.functions)


def _features(challenge: str, impl: Any) -> dict[str, Any]:
    """Each probe's value, or None where the implementation failed on it."""
    values: dict[str, Any] = {}
    with sharing():  # probes of the same call share it (quizzer/suites/sharing.py)
        for key, probe in suite_module(challenge).PROBES.items():
            try:
                values[key] = probe(impl)
            except Exception:  # noqa: BLE001 - a failing probe matches nothing
                values[key] = None
    return values


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    try:
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-4, atol=1e-7, equal_nan=True))


@functools.cache
def _catalogue_features(
    challenge: str,
) -> tuple[dict[str, Any], list[tuple[Mistake, dict[str, Any]]]]:
    """The reference's probe values and each mistake's (trusted code: computed once per process)."""
    from quizzer.challenges import reference

    ref = _features(challenge, reference(challenge))
    return ref, [(m, _features(challenge, mistake_impl(challenge, m))) for m in mistakes(challenge)]


def signature(challenge: str, mistake: Mistake) -> tuple[str, ...]:
    """The probes that name ``mistake``: its declared signature, else every probe where its
    outputs differ from the reference's."""
    if mistake.signature:
        return mistake.signature
    ref, catalogue = _catalogue_features(challenge)
    feats = next(f for m, f in catalogue if m.id == mistake.id)
    return tuple(k for k in feats if not _same(feats[k], ref.get(k)))


def diagnose(challenge: str, impl: Any) -> list[Mistake]:
    """The catalogued mistakes whose characteristic outputs ``impl`` reproduces.

    A mistake is named when ``impl`` gives the mistake's values on the probes of its
    signature (``signature``), whatever it does elsewhere: a file with the mistake and an
    unrelated difference is still named. When one match's signature is a strict subset of
    another's, only the more specific one is kept (scaling at test time also reproduces
    "no rescale" in training).
    """
    _ref, catalogue = _catalogue_features(challenge)
    got = _features(challenge, impl)
    matches: list[tuple[Mistake, frozenset[str]]] = []
    for m, feats in catalogue:
        keys = frozenset(signature(challenge, m))
        if keys and all(_same(got.get(k), feats[k]) for k in keys):
            matches.append((m, keys))
    return [m for m, keys in matches if not any(keys < other for _, other in matches)]
