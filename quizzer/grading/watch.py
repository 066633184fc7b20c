"""``quizzer check --watch``: check once, then again after every save, with the worker kept warm.

A cold ``quizzer check`` pays ``python -I`` plus ``import numpy`` for its worker
on every run. A watch session starts one fork server (``forkserver.py``, the
mechanism ``quizzer grade`` uses: a process with a worker's isolation that
imported NumPy once and never runs learner code) and forks each check's worker
from it, so a re-check pays a fork instead. Each check still gets a fresh
worker with its own limits, folder, environment and pipes; nothing of one run
is visible to the next. The quizzer side stays warm by itself: the suite, the
catalogue of mistakes and the reference are already imported after the first
run. Without a fork server (it could not start), workers start the plain way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def watch(check: Callable[[], int], changes: Iterable, *, warm: bool = True) -> int:
    """Run ``check`` now and after each item of ``changes``; the exit code of the last run.

    ``changes`` is ``runner.watch_changes(path)`` in the CLI and any iterable in
    tests. Ctrl-C ends the watch quietly. ``warm``: fork each worker from one
    fork server kept for the whole session.
    """
    from quizzer.grading.forkserver import FORK_SERVER, ForkServer

    server = None
    if warm:
        try:
            server = ForkServer().start()
        except OSError:
            server = None
    token = FORK_SERVER.set(server)
    code = 1
    try:
        code = check()
        for _ in changes:
            code = check()
    except KeyboardInterrupt:
        pass
    finally:
        FORK_SERVER.reset(token)
        if server is not None:
            server.close()
    return code
