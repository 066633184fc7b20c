"""Grade one submission: the learner's file runs in a sandbox, the verdict is computed here.

``grade_submission(path, challenge, limits) -> Report`` is the core of
``quizzer check`` and of batch grading: it is a plain function with no global
state beyond caches guarded by a lock, safe to call from several threads or
processes at once. The ``Report`` it returns is plain data (``report.py``).

Order of work: start the worker (it imports NumPy while quizzer loads the
suite) and, when timing, a second worker for the reference (the learner's never
sees it); compile the file (a syntax error stops here, with its line); time the
reference in its worker; import the learner's file; run the
hidden suite in quizzer's process on the proxy; when something failed, name the
catalogued mistakes the outputs match; time the learner's functions.
"""

from __future__ import annotations

import importlib.util
import re
import threading
import time
from pathlib import Path
from typing import Any

from quizzer.challenges import CHALLENGES, UnknownChallenge, check_id, module_name
from quizzer.grading.jail.privileges import protect_parent
from quizzer.grading.process import Limits
from quizzer.grading.proxy import Submission, SubmissionProxy
from quizzer.grading.report import CaseReport, Finding, Report

HEADER = re.compile(r"^#\s*quizzer challenge:\s*([A-Za-z0-9_-]+)\s*$")
_SHOW = 400


class GradingError(ValueError):
    """A usage problem (no such file, unknown challenge): exit code 2, never a verdict."""


# --------------------------------------------------------------------------- which challenge
def challenge_for_file(path: Path, explicit: str | None = None) -> str:
    """``--challenge``, else the starter's header line, else the file name (``l1_sparsity.py``)."""
    if explicit:
        try:
            return check_id(explicit.strip())
        except UnknownChallenge as exc:
            raise GradingError(str(exc)) from None
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            head = [f.readline() for _ in range(5)]
    except OSError as exc:
        raise GradingError(f"cannot read {path}: {exc.strerror}") from None
    for line in head:
        match = HEADER.match(line.strip())
        if match:
            try:
                return check_id(match.group(1))
            except UnknownChallenge as exc:
                raise GradingError(
                    f"{path}: header line names an unknown challenge: {exc}"
                ) from None
    stem = Path(path).stem
    for challenge in CHALLENGES:
        if stem in (challenge, module_name(challenge)):
            return challenge
    raise GradingError(
        f"cannot tell which challenge {Path(path).name} is for: pass --challenge ID, or keep the "
        f"header line '# quizzer challenge: <id>' of the starter file "
        f"(challenges: {', '.join(CHALLENGES)})"
    )


def challenge_for_card(ref: str, decks: list[Path] | tuple = ()) -> tuple[str, Any]:
    """A card id or number -> ``(challenge id, card)``; a bare challenge id works without the deck."""
    from quizzer.deck import DeckError, load_deck

    try:
        card = load_deck(list(decks)).find(ref)
    except DeckError:
        if ref.strip() in CHALLENGES:
            return ref.strip(), None
        raise
    except ValueError as exc:
        raise GradingError(str(exc)) from None
    if not card.challenge:
        raise GradingError(f"card {card.id!r} has no implement-it challenge")
    try:
        return check_id(card.challenge), card
    except UnknownChallenge as exc:
        raise GradingError(f"card {card.id!r}: {exc}") from None


def read_source(path: Path) -> str:
    """The file's text, honouring a coding cookie; ``GradingError`` when it is missing or unreadable."""
    path = Path(path)
    if not path.is_file():
        raise GradingError(f"no such file: {path}" if not path.exists() else f"not a file: {path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GradingError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return importlib.util.decode_source(data)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return data.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- grading
def grade_submission(
    path: Path | str,
    challenge: str,
    limits: Limits | None = None,
    *,
    timing: bool = True,
    source: str | None = None,
) -> Report:
    """Grade the file at ``path`` against ``challenge``'s hidden suite. Never raises for the learner's faults.

    ``source``: its text, when the caller has read it already (batch grading
    judges the same text for integrity flags).
    """
    started = time.perf_counter()
    limits = limits or Limits()
    path = Path(path)
    try:
        check_id(challenge)
    except UnknownChallenge as exc:
        raise GradingError(str(exc)) from None
    if source is None:
        source = read_source(path)
    protect_parent()  # nothing of this user may trace quizzer or read its memory
    submission = Submission(source, str(path), CHALLENGES[challenge], limits).start()
    reference = None
    try:
        if timing:
            from quizzer.grading.timing import reference_sandbox

            reference = reference_sandbox(challenge, limits)
        report = _grade(submission, challenge, timing, reference)
    finally:
        submission.close()
        if reference is not None:
            reference.close()
    report.file = escape_controls(str(path))  # the name is the learner's
    report.output = escape_controls(submission.output.text)
    report.output_bytes = submission.output.total
    report.output_truncated = submission.output.truncated
    report.restarts = submission.restarts
    report.isolation = submission.isolation
    report.escapes = [_escape_attempt(e) for e in submission.escapes]
    report.limits = limits
    report.seconds = time.perf_counter() - started
    for test in report.tests:  # learner-chosen text (exception messages): never raw escapes
        test.message = escape_controls(test.message)
        test.got = escape_controls(test.got)
    if report.problem is not None:
        report.problem.message = escape_controls(report.problem.message)
        report.problem.text = escape_controls(report.problem.text)
    return report


def _escape_attempt(attempt: dict) -> dict:
    """A refused attempt as the worker reported it: learner-controlled (the path it tried, or a
    list forged by code that found the worker's), so plain, short, escaped strings."""
    return {key: escape_controls(str(attempt.get(key, ""))[:300]) for key in ("what", "target")}


_CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def escape_controls(text: str) -> str:
    """Control characters as visible escapes (``\\x1b``, ``\\r``): no output can drive a terminal.

    Newlines and tabs stay; ESC, carriage returns, backspaces, C1 controls,
    bidirectional overrides and lone surrogates (a file name that is not UTF-8,
    which no output could encode) become their ``repr`` escape.
    """
    if not text:
        return text
    return _CONTROLS.sub(lambda m: repr(m.group())[1:-1], text)


def _grade(submission: Submission, challenge: str, timing: bool, ref_box=None) -> Report:
    from quizzer.grading import timing as timing_mod
    from quizzer.suites import cases, run_suite

    suite = cases(challenge)  # imported while the worker starts
    inputs = None
    if timing:  # the standard inputs are built while the worker starts, too
        inputs = threading.Thread(target=timing_mod.timing_inputs, args=(challenge,), daemon=True)
        inputs.start()
    reference: dict = {}
    loaded = submission.compile()
    if inputs is not None:
        inputs.join()
    if loaded and timing:
        reference = timing_mod.reference_times(challenge, ref_box)
    loaded = loaded and submission.load()
    report = Report(
        challenge,
        submission.filename,
        [],
        functions=dict(submission.status),
        hints=dict(submission.hints),
        problem=submission.problem,
    )
    if not loaded:
        problem = submission.problem
        report.tests = [
            CaseReport(
                c.name,
                problem.status,
                problem.message,
                c.hidden,
                name_zh=c.name_zh,
                id=c.id,
                message_zh=problem.text_in("zh"),
            )
            for c in suite
        ]
        return report
    proxy = SubmissionProxy(submission)
    report.tests = [_test_report(r) for r in run_suite(challenge, proxy)]
    if not report.passed:
        report.diagnosis = _diagnose(challenge, proxy)
    if timing:
        report.timing = timing_mod.time_submission(challenge, submission, reference)
    return report


def _test_report(result) -> CaseReport:
    hidden = result.hidden
    return CaseReport(
        result.name,
        result.status,
        result.message,
        hidden,
        None if hidden or result.expected is None else _show(result.expected),
        None if hidden or result.got is None else _show(result.got),
        round(result.seconds, 4),
        result.name_zh,
        result.id,
        result.message_zh,
    )


def _show(value: Any) -> str:
    if not isinstance(value, str):
        import numpy as np

        if isinstance(value, np.ndarray):
            with np.printoptions(precision=4, threshold=12, edgeitems=3, suppress=True):
                value = (
                    np.array2string(value, separator=", ")
                    + f" (shape {value.shape}, {value.dtype})"
                )
        else:
            value = repr(value)
    return value if len(value) <= _SHOW else value[: _SHOW - 3] + "..."


def _diagnose(challenge: str, proxy: SubmissionProxy) -> list[Finding]:
    from quizzer.suites import diagnose

    try:
        found = diagnose(challenge, proxy)
    except ImportError:  # no catalogue of mistakes for this challenge
        return []
    return [
        Finding(m.id, m.name, {"en": m.explanation.en, "zh": m.explanation.zh}, m.card, m.name_zh)
        for m in found
    ]


def record(report: Report) -> None:
    """Log the attempt in the learner's store (``quizzer solution`` unlocks on a pass)."""
    from quizzer.review.store import Store

    with Store.open() as store:
        store.record_attempt(
            report.challenge, report.passed, report.score, report.file, report.seconds
        )


def watch_changes(path: Path, stop_event=None, debounce_ms: int = 200):
    """Yield each time ``path`` is saved (editors that replace the file included); ends on Ctrl-C.

    ``stop_event`` (a ``threading.Event``) ends the watch too, for tests and callers.
    """
    import logging

    import watchfiles

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # Ctrl-C ends the watch quietly
    target = Path(path).resolve()

    def is_target(_change, changed: str) -> bool:
        return Path(changed).resolve() == target

    for _changes in watchfiles.watch(
        target.parent,
        watch_filter=is_target,
        debounce=debounce_ms,
        stop_event=stop_event,
        raise_interrupt=False,
        recursive=False,
    ):
        if target.exists():
            yield
