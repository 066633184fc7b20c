"""How fast is the learner's code compared with the reference, on the suite's standard input.

Both sides are timed inside sandbox workers, best of a few runs within a small
budget. The reference is timed in a worker of its own, started beside the
learner's (so the learner's code can neither slow it down nor find its source
in memory); the learner's functions are timed after the tests. A function 10x slower than the reference or worse gets the advice
"vectorise this loop". Reference times are cached per process (batch grading
pays for them once per challenge) and, for a day, in the data directory (a
learner's repeated ``check`` starts one worker, not two).
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from quizzer.grading.process import Limits
from quizzer.grading.proxy import Submission, time_reference
from quizzer.grading.sandbox import Sandbox
from quizzer.suites.base import SubmissionProblem, SubmissionTimeout

SLOW = 10.0  # ratio from which a function is called slow
# Closer than this factor either way, two timings cannot be told apart: the reference's own
# code, timed as a learner's, measured 0.6-1.8x the reference on a loaded 2-core machine.
NOISE = 2.0
PAR = "about the reference's speed (closer than 2x either way is within timing noise)"
REPEAT = 20  # best of at most this many runs ...
BUDGET = 0.05  # ... within this many seconds per function and side
_MIN_LEARNER_TIMEOUT = 1.0

_lock = threading.Lock()
_reference_cache: dict[str, dict[str, float | str]] = {}
_inputs_cache: dict[str, dict[str, tuple]] = {}


@dataclass
class Timing:
    function: str
    seconds: float | None  # the learner's best time
    reference_seconds: float | None
    ratio: float | None  # seconds / reference_seconds (a lower bound when status is "timeout")
    status: str  # ok | slow | timeout | error | skipped
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def timing_inputs(challenge: str) -> dict[str, tuple]:
    """The suite's standard inputs, built once per process."""
    with _lock:
        if challenge not in _inputs_cache:
            from quizzer.suites import suite_module

            make = getattr(suite_module(challenge), "timing_inputs", None)
            _inputs_cache[challenge] = dict(make()) if make is not None else {}
        return _inputs_cache[challenge]


CACHE_SECONDS = 24 * 3600  # reference times measured on this machine are reused for a day
_CACHE_FILE = "reference-times.json"


def _cache_key(challenge: str) -> str:
    """The reference's source, NumPy, Python and the machine: a change in any measures again."""
    import hashlib
    import platform

    import numpy

    from quizzer.challenges import solution_path

    text = solution_path(challenge).read_bytes()
    where = f"{challenge}|{numpy.__version__}|{platform.python_version()}|{platform.node()}"
    return hashlib.sha256(where.encode() + b"|" + text).hexdigest()[:32]


def _disk_cache() -> tuple[Path | None, dict]:
    try:
        from quizzer.paths import home

        path = home() / _CACHE_FILE
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        return path, data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return None, {}


def _from_disk(challenge: str) -> dict | None:
    _, data = _disk_cache()
    entry = data.get(_cache_key(challenge))
    if not isinstance(entry, dict) or time.time() - entry.get("at", 0) > CACHE_SECONDS:
        return None
    times = entry.get("times")
    if isinstance(times, dict) and times and all(isinstance(v, float) for v in times.values()):
        return times
    return None


def _to_disk(challenge: str, times: dict) -> None:
    path, data = _disk_cache()
    if path is None:
        return
    now = time.time()
    data = {k: v for k, v in data.items() if now - v.get("at", 0) <= CACHE_SECONDS}
    data[_cache_key(challenge)] = {"at": now, "times": times}
    try:
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def reference_sandbox(challenge: str, limits: Limits) -> Sandbox | None:
    """A worker for the reference's timing, started now (None when the times are known).

    Known: measured earlier in this process, or on this machine within a day
    (a cache in the data directory), so a learner's repeated ``check`` starts
    one worker, not two.
    """
    with _lock:
        if challenge in _reference_cache:
            return None
    cached = _from_disk(challenge)
    if cached is not None:
        with _lock:
            _reference_cache[challenge] = cached
        return None
    return Sandbox(limits).start()


def reference_times(challenge: str, sandbox: Sandbox | None) -> dict[str, float | str]:
    """Reference seconds per function (or an error text), measured in ``sandbox``, which is closed."""
    with _lock:
        cached = _reference_cache.get(challenge)
    if cached is not None or sandbox is None:
        if sandbox is not None:
            sandbox.close()
        return cached or {}
    from quizzer.challenges import solution_path

    path = solution_path(challenge)
    jobs = timing_inputs(challenge)
    try:
        times = time_reference(
            sandbox, path.read_text(encoding="utf-8"), str(path), jobs, REPEAT, BUDGET
        )
    finally:
        sandbox.close()
    if times and all(isinstance(v, float) for v in times.values()):
        with _lock:
            _reference_cache[challenge] = times
        _to_disk(challenge, times)
    return times


def time_submission(challenge: str, submission: Submission, reference: dict) -> list[Timing]:
    """Time each function the suite has a standard input for; never raises for the learner's faults."""
    found = []
    for fn, args in timing_inputs(challenge).items():
        ref = reference.get(fn)
        ref = ref if isinstance(ref, float) and 0 < ref < float("inf") else None
        if submission.status.get(fn) != "ok":
            found.append(Timing(fn, None, ref, None, "skipped", "not defined"))
            continue
        if submission.losses[fn]:  # an infinite loop is not a loop to vectorise
            note = "not timed: it already timed out or crashed in the tests"
            found.append(Timing(fn, None, ref, None, "skipped", note))
            continue
        limit = submission.limits.timeout
        if ref is not None:
            limit = min(limit, max(_MIN_LEARNER_TIMEOUT, 3 * SLOW * ref))
        try:
            seconds = submission.time(fn, args, REPEAT, BUDGET, timeout=limit)
        except SubmissionTimeout:
            ratio = limit / ref if ref else None
            found.append(
                Timing(
                    fn,
                    None,
                    ref,
                    ratio,
                    "timeout",
                    f"still running after {limit:.2g} s on the standard input: vectorise this loop",
                )
            )
            continue
        except (SubmissionProblem, ValueError) as exc:
            found.append(
                Timing(fn, None, ref, None, "error", f"failed on the standard input: {exc}")
            )
            continue
        ratio = seconds / ref if ref else None
        if ratio is not None and ratio >= SLOW:
            found.append(
                Timing(
                    fn,
                    seconds,
                    ref,
                    ratio,
                    "slow",
                    f"{ratio:.0f}x slower than the reference: vectorise this loop "
                    "(whole-array NumPy operations instead of Python loops)",
                )
            )
        else:
            par = ratio is not None and 1 / NOISE < ratio < NOISE
            found.append(Timing(fn, seconds, ref, ratio, "ok", PAR if par else ""))
    return found
