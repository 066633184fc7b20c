"""Batch grading: every submission in a folder, graded in parallel, results streamed to disk.

``grade_folder(...)`` grades the submissions ``discovery.discover`` found in
the folder on a pool of threads. Each grading is
``runner.grade_submission``, the core of ``quizzer check``: the learner's code
runs in its own sandbox process (its own process group, limits, temporary
directory), and the verdict is computed in this process by the hidden suite,
whose tests build their inputs and generators inside each test, so threads
share nothing mutable (the suite, catalogue and reference modules are imported
once, before the threads start). A submission that crashes, hangs, eats memory
or tampers only ever kills its own sandbox.

Memory stays bounded: each finished record (``Report.to_dict`` plus
``submission`` and ``integrity``, captured output capped) goes to a spool file
at once (``results.py``: the spool, a file per submission, the formats written
out), and only a small summary row per submission stays in memory.

Start-up: the workers are forked by one fork server per batch
(``forkserver.py``), which imported NumPy once; without it (it could not
start, or died) each worker starts on its own.

Ctrl-C: pending submissions are cancelled, every live sandbox's process group
is killed (a ``WATCHER`` registered with ``quizzer.grading.sandbox`` sees each
one start and stop, and refuses new ones once cancelled), the threads are
joined, and the result holds what finished before the interrupt plus the names
of the submissions that were not graded.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from quizzer.challenges import CHALLENGES, check_id
from quizzer.grading import copies, formats, integrity, wire
from quizzer.grading.discovery import Entry
from quizzer.grading.forkserver import FORK_SERVER, ForkServer
from quizzer.grading.jail.probe import REQUIRED_FOR_GRADE
from quizzer.grading.process import Limits, WorkerDied
from quizzer.grading.results import BatchResult, Spool, write_per_submission
from quizzer.grading.runner import GradingError, escape_controls, grade_submission, read_source
from quizzer.grading.sandbox import REQUIRE, WATCHER

OUTPUT_KEEP = 2000  # characters of a submission's captured output kept in its record


@dataclass(frozen=True)
class Settings:
    limits: Limits = field(default_factory=Limits)
    workers: int = 1
    timing: bool = False  # time each function against the reference (slower: see the docs)
    lang: str = "en"
    fork_server: bool = True  # fork workers from one process that imported NumPy once
    require: tuple[str, ...] = REQUIRED_FOR_GRADE  # layers without which no submission runs


# --------------------------------------------------------------------------- one submission
def grade_entry(
    entry: Entry, challenge: str, settings: Settings, source: str | None = None
) -> dict:
    """The record of one submission (``Report.to_dict`` plus ``submission`` and ``status``).

    ``source``: the text read once for the whole batch; the integrity flags judge
    that same text (a file that rewrites itself while graded changes nothing).
    """
    if entry.problem is not None or entry.path is None:
        return not_gradable(entry, challenge, entry.problem or "no file", settings.lang)
    try:
        report = grade_submission(
            entry.path, challenge, settings.limits, timing=settings.timing, source=source
        )
    except GradingError as exc:
        return not_gradable(entry, challenge, str(exc), settings.lang)
    record = {"submission": entry.name, "status": "graded", **report.to_dict(settings.lang)}
    text = record.get("output") or ""
    if len(text) > OUTPUT_KEEP:
        record["output"] = text[:OUTPUT_KEEP]
        record["output_truncated"] = True
    return record


def not_gradable(entry: Entry, challenge: str, message: str, lang: str = "en") -> dict:
    """A submission quizzer could not grade: every test is an error with the reason."""
    from quizzer.suites import cases

    tests = [
        {
            "id": c.id,
            "name": c.title(lang),
            "status": "error",
            "message": message,
            "hidden": c.hidden,
            "expected": None,
            "got": None,
            "seconds": 0.0,
        }
        for c in cases(challenge)
    ]
    return {
        "submission": entry.name,
        "status": "error",
        "challenge": challenge,
        "file": escape_controls(str(entry.path)) if entry.path else None,
        "passed": False,
        "score": 0.0,
        "passed_count": 0,
        "total": len(tests),
        "tests": tests,
        "diagnosis": [],
        "timing": [],
        "problem": {"kind": "not-graded", "message": message, "line": None, "text": ""},
        "missing": [],
        "output": "",
        "output_bytes": 0,
        "output_truncated": False,
        "restarts": 0,
        "seconds": 0.0,
        "isolation": {},  # nothing of it ran
        "escapes": [],
    }


def require_isolation(settings: Settings) -> dict:
    """The layers a real sandbox gets here; ``GradingError`` when a required one is off."""
    from quizzer.grading.jail.probe import missing, support

    found = support()
    lacking = missing(found["layers"], settings.require)
    if lacking:
        reasons = "; ".join(f"{n}: {found['layers'][n].get('why', 'off')}" for n in lacking)
        raise GradingError(
            f"refusing to grade: this machine cannot isolate submissions ({reasons}). "
            "Without these layers a submission can read the hidden suite, the reference and "
            "classmates' files, write where you can, and signal quizzer. See `quizzer doctor`; "
            "--allow-unisolated grades anyway, at that risk."
        )
    return found["layers"]


def prepare(challenge: str) -> None:
    """Import the suite, catalogue and reference once, before threads share them."""
    from quizzer.challenges import reference
    from quizzer.suites import cases, mistakes

    check_id(challenge)
    cases(challenge)
    reference(challenge)
    with contextlib.suppress(ImportError):
        mistakes(challenge)


def read_sources(entries: list[Entry]) -> dict[str, str | None]:
    """Each submission's text, read once: what is graded, compared and flagged is this text."""
    sources: dict[str, str | None] = {}
    for entry in entries:
        if entry.path is not None and entry.problem is None:
            try:
                sources[entry.name] = read_source(entry.path)
            except GradingError:
                sources[entry.name] = None
    return sources


def copy_flags(sources: dict[str, str | None], challenge: str) -> dict[str, list[dict]]:
    """Identical / near-identical groups, from fingerprints (64 integers per submission)."""
    from quizzer.challenges import solution_path

    functions = CHALLENGES[challenge]
    prints = {
        name: None if text is None else copies.fingerprint(text, functions)
        for name, text in sources.items()
    }
    try:
        ref = copies.fingerprint(solution_path(challenge).read_text("utf-8"), functions)
    except OSError:
        ref = None
    return copies.copy_flags(prints, ref)


# --------------------------------------------------------------------------- cancellation
class Watcher:
    """Every live sandbox of a batch (``sandbox.WATCHER``), so that Ctrl-C can kill them all.

    ``cancel()`` kills the process group of every live sandbox and refuses new
    ones. (Start-up cost is the fork server's job: see ``forkserver.py``.)
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set = set()
        self.cancelled = False

    def add(self, sandbox) -> None:
        with self._lock:
            if not self.cancelled:
                self._live.add(sandbox)
                return
        sandbox.close()
        raise WorkerDied("grading was cancelled (Ctrl-C)")

    def discard(self, sandbox) -> None:
        with self._lock:
            self._live.discard(sandbox)

    def cancel(self) -> None:
        """Refuse new sandboxes and kill the process group of every live one."""
        with self._lock:
            self.cancelled = True
            live = list(self._live)
        for sandbox in live:
            sandbox.kill()


def start_fork_server() -> ForkServer | None:
    """The batch's fork server, or None when it cannot start (workers then start one by one)."""
    try:
        return ForkServer().start()
    except OSError:
        return None


# --------------------------------------------------------------------------- the run
def grade_folder(
    entries: list[Entry],
    challenge: str,
    settings: Settings,
    *,
    on_record: Callable[[dict, dict], None] | None = None,
    per_submission: Path | None = None,
    per_submission_format: str = "json",
) -> BatchResult:
    """Grade ``entries`` on ``settings.workers`` threads; Ctrl-C returns what finished.

    ``on_record(record, row)`` runs in the calling thread as each submission
    finishes (the progress bar). Never raises for a submission's faults.
    """
    started = time.perf_counter()
    wire.reuse_freed_memory()  # replies and the tests' arrays reuse freed blocks (a batch process)
    prepare(challenge)
    sources = read_sources(entries)
    copies = copy_flags(sources, challenge)
    watcher = Watcher()
    server = start_fork_server() if settings.fork_server else None
    result = BatchResult(challenge, len(entries), [], Spool())

    def job(entry: Entry) -> dict | None:
        token = WATCHER.set(watcher)
        server_token = FORK_SERVER.set(server)
        require_token = REQUIRE.set(settings.require)
        try:
            if watcher.cancelled:
                return None
            record = grade_entry(entry, challenge, settings, sources.get(entry.name))
        except Exception as exc:  # noqa: BLE001 - one submission never stops the run
            if watcher.cancelled:
                return None
            record = not_gradable(
                entry,
                challenge,
                f"quizzer could not grade it ({type(exc).__name__}: {exc})",
                settings.lang,
            )
        finally:
            REQUIRE.reset(require_token)
            FORK_SERVER.reset(server_token)
            WATCHER.reset(token)
        if watcher.cancelled:  # killed half-way: its verdict cannot be trusted
            return None
        flags = list(copies.get(entry.name, []))
        if sources.get(entry.name) is not None:
            flags += integrity.static_flags(sources[entry.name])
        if entry.path is not None and entry.problem is None:
            flags += integrity.runtime_flags(record)
        record["integrity"] = flags
        return record

    def collect(record: dict) -> None:
        result.spool.add(record)
        row = formats.summary_row(record)
        result.rows.append(row)
        if per_submission is not None:
            write_per_submission(per_submission, record, per_submission_format)
        if on_record is not None:
            on_record(record, row)

    pool = ThreadPoolExecutor(max_workers=max(1, settings.workers), thread_name_prefix="grade")
    futures = {pool.submit(job, entry): entry for entry in entries}
    try:
        while futures:
            done, _ = wait(futures, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                futures.pop(future)
                record = future.result()
                if record is not None:
                    collect(record)
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        if futures:
            _stop(pool, watcher)
            for future, entry in sorted(futures.items(), key=lambda item: item[1].name):
                record = None
                if future.done() and not future.cancelled() and future.exception() is None:
                    record = future.result()
                if record is not None and result.interrupted:
                    collect(record)  # finished before the interrupt was seen
                else:
                    result.not_graded.append(entry.name)
        pool.shutdown(wait=True)
        if server is not None:
            server.close()
    result.seconds = time.perf_counter() - started
    return result


def _stop(pool: ThreadPoolExecutor, watcher: Watcher) -> None:
    """Cancel what has not started, kill what runs, wait for the threads (Ctrl-C ignored meanwhile)."""
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        watcher.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        watcher.cancel()
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
