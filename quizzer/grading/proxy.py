"""The learner's submission as seen by the hidden suites: an ``impl`` whose functions run elsewhere.

``Submission`` owns the worker process of one submission: it compiles and
imports the learner's file there, calls its functions, and starts a fresh
worker (importing the file again) after a timeout or a crash. ``SubmissionProxy``
is the ``impl`` object the suites call: ``impl.dropout_forward(x, 0.5, rng)``
sends the arguments through the pipe, and returns the learner's return value,
rebuilt from plain arrays and numbers in quizzer's process. A learner's
exception becomes ``ValueError`` (the contract's error type) or
``SubmissionRaised``; a timeout ``SubmissionTimeout``; a dead worker
``SubmissionCrashed`` (worded in ``problems.py``, as is the ``LoadProblem`` of a
file that could not be compiled or imported). In-place changes the learner
makes to an input array, and the advance of a ``numpy.random.Generator``, are
written back to the caller's objects, so the suites see exactly what an
in-process call would do.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from quizzer.cards import Text
from quizzer.grading import wire
from quizzer.grading.problems import (
    LoadProblem,
    as_exception,
    died,
    error_problem,
    load_problem,
    where_zh,
)
from quizzer.grading.process import Limits, OutputBuffer, WorkerDied, WorkerTimeout
from quizzer.grading.sandbox import Sandbox
from quizzer.suites.base import (
    SubmissionCrashed,
    SubmissionProblem,
    SubmissionRaised,
    SubmissionTimeout,
)

MAX_CRASHES_PER_FUNCTION = 2  # crashes of one function before its later calls are not run
# A timeout ends a function's calls at once: it ran the whole wall-clock limit (seconds, while
# the reference takes milliseconds), so another call would most likely cost the whole limit
# again. Its later tests are reported as timeouts, naming the first one.


class Submission:
    """A learner's file loaded in a sandbox worker, restarted when it times out or crashes."""

    def __init__(
        self,
        source: str,
        filename: str,
        functions: tuple[str, ...],
        limits: Limits,
        module: str = "submission",
    ):
        self.source = source
        self.filename = filename
        self.functions = functions
        self.limits = limits
        self.module = module
        self.output = OutputBuffer(limits.output_kb * 1024)
        self.escapes: list[dict] = []  # what the jail refused ({"what", "target"})
        self.isolation: dict = {}  # the layers the last worker reported active
        self.status: dict[str, str] = {}  # function -> ok | missing | not callable
        self.problem: LoadProblem | None = None
        self.losses: Counter[str] = Counter()  # timeouts and crashes, per function
        self.hints: dict[str, str] = {}  # missing function -> a similar name the file defines
        self._last_loss: dict[str, SubmissionProblem] = {}
        self.restarts = 0
        self._sandbox: Sandbox | None = None
        self._gen = 0
        self._compiled = False

    # ----------------------------------------------------------------- life cycle
    def start(self) -> Submission:
        """Start the worker without waiting for it (quizzer keeps working meanwhile)."""
        if self._sandbox is None:
            self._gen += 1
            self._sandbox = Sandbox(
                self.limits, self.output, gen=self._gen, escapes=self.escapes
            ).start()
        return self

    @property
    def sandbox(self) -> Sandbox:
        self.start()
        return self._sandbox

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None

    def __enter__(self) -> Submission:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _request(self, header: dict, buffers: list = (), timeout: float | None = None) -> tuple:
        sandbox = self.sandbox
        try:
            reply = sandbox.request(header, buffers, timeout)
            self.isolation = sandbox.isolation
            return reply
        except WorkerTimeout:
            self._sandbox = None
            raise
        except WorkerDied:
            self.close()
            raise

    def compile(self) -> bool:
        """Compile in the worker (a syntax error never runs any code); False with ``problem`` set."""
        try:
            reply, _ = self._request(
                {"op": "compile", "source": self.source, "filename": self.filename}
            )
        except (WorkerTimeout, WorkerDied) as exc:
            self.problem = load_problem(exc, "while compiling")
            return False
        if not reply.get("ok"):
            self.problem = error_problem(reply.get("error"), "compiling")
            return False
        self._compiled = True
        return True

    def load(self) -> bool:
        """Import the submission (compiling it first if needed); False with ``problem`` set."""
        if not self._compiled and not self.compile():
            return False
        try:
            reply, _ = self._request(
                {"op": "exec", "module": self.module, "functions": list(self.functions)}
            )
        except (WorkerTimeout, WorkerDied) as exc:
            self.problem = load_problem(exc, "while your file was being imported")
            return False
        if not reply.get("ok"):
            self.problem = error_problem(reply.get("error"), "importing your file")
            return False
        found = reply.get("functions")
        self.status = {
            f: str(found.get(f, "missing")) if isinstance(found, dict) else "missing"
            for f in self.functions
        }
        self.hints = _near_names(self.source, [f for f, s in self.status.items() if s == "missing"])
        return True

    def _restart(self) -> None:
        self.close()
        self.restarts += 1
        self._compiled = False
        if not self.load():
            raise as_exception(self.problem)

    # ----------------------------------------------------------------- calls
    def call(self, fn: str, args: tuple, kwargs: dict):
        state = self.status.get(fn, "missing")
        if state != "ok":
            near = self.hints.get(fn)
            if state != "missing":
                raise SubmissionProblem(
                    Text(f"{fn} in your file is not a function", f"你的文件中的 {fn} 不是函数")
                )
            raise SubmissionProblem(
                Text(
                    f"your file does not define {fn}()"
                    + (f" (it defines {near}(): a typo?)" if near else ""),
                    f"你的文件没有定义 {fn}()"
                    + (f"（文件里定义的是 {near}()，是否拼错了？）" if near else ""),
                )
            )
        last = self._last_loss.get(fn)
        if isinstance(last, SubmissionTimeout):
            raise SubmissionTimeout(
                Text(
                    f"not run: {fn}() already timed out ({last})",
                    f"未运行：{fn}() 已经超时（{last.zh}）",
                )
            )
        if self.losses[fn] >= MAX_CRASHES_PER_FUNCTION:
            n = self.losses[fn]
            raise type(last)(
                Text(
                    f"not run: {fn}() already crashed its process {n} times ({last})",
                    f"未运行：{fn}() 已经导致进程崩溃 {n} 次（{last.zh}）",
                )
            )
        if self._sandbox is None:
            self._restart()
        encoder = wire.Encoder()
        header = {
            "op": "call",
            "fn": fn,
            "args": encoder.encode(tuple(args)),
            "kwargs": encoder.encode(dict(kwargs)),
        }
        if any(isinstance(a, wire.Handle) and a.gen != self._gen for a in _flatten((args, kwargs))):
            raise SubmissionCrashed(
                Text(
                    "a value your code returned earlier (such as a cache) was lost "
                    "when its process was restarted after a crash or timeout",
                    "你的代码先前返回的值（例如 cache）已经丢失：进程在崩溃或超时后重启过",
                )
            )
        try:
            reply, buffers = self._request(header, encoder.buffers)
        except WorkerTimeout:
            raise self._lost(
                fn,
                SubmissionTimeout(
                    Text(
                        f"{fn}() did not return within {self.limits.timeout:g} s "
                        "(infinite loop, or far too slow)",
                        f"{fn}() 在 {self.limits.timeout:g} 秒内没有返回（死循环，或者太慢）",
                    )
                ),
            ) from None
        except WorkerDied as exc:
            raise self._lost(fn, died(exc, fn)) from None
        if not reply.get("ok"):
            problem = self._raised(reply.get("error"), fn)
            raise self._lost(fn, problem) if isinstance(problem, SubmissionCrashed) else problem
        try:
            return self._result(reply, buffers, encoder)
        except (wire.ProtocolError, ValueError, TypeError, KeyError) as exc:
            self.close()
            raise SubmissionCrashed(
                Text(
                    f"the submission's process sent a malformed reply ({exc})",
                    f"运行你代码的进程返回了格式错误的应答（「{exc}」）",
                )
            ) from None

    def _lost(self, fn: str, problem: SubmissionProblem) -> SubmissionProblem:
        self.losses[fn] += 1
        self._last_loss[fn] = problem
        return problem

    def _result(self, reply: dict, buffers: list, encoder: wire.Encoder):
        decoder = wire.Decoder(buffers)
        value = decoder.decode(reply.get("value"))
        for index, state in reply.get("rngs", []):
            encoder.rngs[index].bit_generator.state = decoder.decode(state)
        for index, tree in reply.get("mutated", []):
            target = encoder.arrays[index]
            if isinstance(target, np.ndarray) and target.flags.writeable:
                np.copyto(target, decoder.decode(tree), casting="unsafe")
        return value

    def _raised(self, error, fn: str) -> Exception:
        error = error if isinstance(error, dict) else {}
        kind = error.get("kind")
        message = str(error.get("message", ""))
        if kind == "memory":
            self.close()  # a fresh process for the next call
            return SubmissionCrashed(
                Text(
                    f"memory limit: {fn}() ran out of memory (limit {self.limits.memory_mb} MB)",
                    f"内存超限：{fn}() 用完了内存（上限 {self.limits.memory_mb} MB）",
                )
            )
        if kind == "exit":
            exited = SubmissionRaised("SystemExit", f"{fn}() {message}: a submission must not exit")
            exited.zh = f"{fn}() 退出了进程（「{message}」）：提交的代码不能退出进程"
            return exited
        if kind == "protocol":
            return SubmissionCrashed(
                Text(f"could not call {fn}(): {message}", f"无法调用 {fn}()：「{message}」")
            )
        if error.get("value_error"):
            return ValueError(message)
        where = str(error.get("where", ""))
        raised = SubmissionRaised(str(error.get("type", "Exception")), message + where)
        raised.zh = f"抛出了 {raised.exc_type}：「{message}」{where_zh(where)}"
        return raised

    # ----------------------------------------------------------------- timing
    def time(self, fn: str, args: tuple, repeat: int, budget: float, timeout: float) -> float:
        """Best time of ``fn(*args)`` in the worker (raises like ``call``)."""
        if self.status.get(fn) != "ok":
            raise SubmissionProblem(Text(f"{fn} is not defined", f"{fn} 没有定义"))
        if self._sandbox is None:
            self._restart()
        encoder = wire.Encoder()
        header = {"op": "time", "fn": fn, "repeat": repeat, "budget": budget}
        header.update(args=encoder.encode(tuple(args)), kwargs=encoder.encode({}))
        try:
            reply, _ = self._request(header, encoder.buffers, timeout=timeout)
        except WorkerTimeout:
            raise SubmissionTimeout(
                Text(f"more than {timeout:g} s", f"超过 {timeout:g} 秒")
            ) from None
        except WorkerDied as exc:
            raise died(exc, fn) from None
        if not reply.get("ok"):
            raise self._raised(reply.get("error"), fn)
        seconds = reply.get("seconds")
        if not isinstance(seconds, (int, float)) or not 0 <= seconds < float("inf"):
            raise SubmissionCrashed(Text("malformed timing reply", "计时应答格式错误"))
        return float(seconds)


def time_reference(
    sandbox: Sandbox,
    source: str,
    filename: str,
    jobs: dict[str, tuple],
    repeat: int,
    budget: float,
) -> dict[str, float | str]:
    """Time the reference in a worker of its own (never the learner's: its source would stay there)."""
    encoder = wire.Encoder()
    header = {
        "op": "time_reference",
        "source": source,
        "filename": filename,
        "repeat": repeat,
        "budget": budget,
        "jobs": [
            {"fn": fn, "args": encoder.encode(tuple(args)), "kwargs": encoder.encode({})}
            for fn, args in jobs.items()
        ],
    }
    try:
        reply, _ = sandbox.request(
            header, encoder.buffers, timeout=max(sandbox.limits.timeout, 30.0)
        )
    except (WorkerTimeout, WorkerDied):
        return {}
    seconds = reply.get("seconds") if reply.get("ok") else None
    return dict(seconds) if isinstance(seconds, dict) else {}


class SubmissionProxy:
    """The ``impl`` handed to the suites: one attribute per function of the challenge."""

    def __init__(self, submission: Submission):
        self._submission = submission
        for name in submission.functions:
            setattr(self, name, _remote(submission, name))

    def __repr__(self) -> str:
        return f"<submission {self._submission.filename}>"


def _remote(submission: Submission, name: str):
    def call(*args, **kwargs):
        return submission.call(name, args, kwargs)

    call.__name__ = call.__qualname__ = name
    return call


# --------------------------------------------------------------------------- helpers
def _flatten(value):
    if isinstance(value, (tuple, list)):
        for v in value:
            yield from _flatten(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _flatten(v)
    else:
        yield value


def _near_names(source: str, missing: list[str]) -> dict[str, str]:
    """For each missing function, a similarly named one the file defines (read, never run)."""
    if not missing:
        return {}
    import ast
    import difflib

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    defined = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name not in missing
    ]
    hints = {}
    for name in missing:
        close = difflib.get_close_matches(name, defined, n=1, cutoff=0.75)
        if close:
            hints[name] = close[0]
    return hints
