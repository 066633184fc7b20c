"""The grader: a learner's file runs in a sandboxed worker, the hidden suite judges it here.

Modules, one job each:
- ``sandbox``: the worker process driven with deadlines, and its clean-up (``Sandbox``);
- ``process``: what a worker is given and how it ends (``Limits``, ``WorkerDied``);
- ``worker``: the script run in that process (by path, never imported);
- ``forkserver`` + ``zygote``: batch grading forks its workers from one process that
  imported NumPy once (quizzer's side, and the server's, loaded by the worker script);
- ``wire``: the framing protocol both sides speak (JSON + raw array buffers, never pickle);
- ``proxy``: the submission as the suites' ``impl`` (``Submission``, ``SubmissionProxy``);
- ``problems``: what went wrong in the worker, as the learner reads it (``LoadProblem``);
- ``runner``: ``grade_submission(path, challenge, limits) -> Report``, the core of
  ``quizzer check`` and of batch grading;
- ``report``: that verdict as plain data (``Report``, ``CaseReport``, ``Finding``);
- ``timing``: learner vs reference on the suite's standard input;
- ``starter``: the starter file of ``quizzer drill``.

The public names below load lazily, so importing this package costs nothing.
"""

from __future__ import annotations

__all__ = ["GradingError", "Limits", "Report", "grade_submission"]


def __getattr__(name: str):
    if name == "Limits":
        from quizzer.grading.process import Limits

        return Limits
    if name == "Report":
        from quizzer.grading.report import Report

        return Report
    if name in ("GradingError", "grade_submission"):
        from quizzer.grading import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'quizzer.grading' has no attribute {name!r}")
