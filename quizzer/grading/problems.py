"""What went wrong in a learner's worker, as the learner reads it, in English and Chinese.

``LoadProblem`` is why the file could not be compiled or imported (what every
test then reports); ``load_problem`` and ``error_problem`` make one from a
worker that timed out or died, or from the error it replied with. ``died``
turns a worker that died during a call into ``SubmissionCrashed``;
``as_exception`` turns a ``LoadProblem`` into the exception a suite's test
sees. ``reason_zh`` translates the sandbox's reasons for a dead process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizzer.cards import Text
from quizzer.grading.process import WorkerDied, WorkerTimeout
from quizzer.suites.base import SubmissionCrashed, SubmissionProblem, SubmissionTimeout


@dataclass
class LoadProblem:
    """Why the submission could not be imported: what every test then reports."""

    kind: str  # syntax | import | timeout | crash | memory | exit
    message: str
    line: int | None = None
    text: str = ""
    message_zh: str = ""  # the message in Chinese

    @property
    def status(self) -> str:
        return {"timeout": "timeout", "crash": "crash", "memory": "crash"}.get(self.kind, "error")

    def text_in(self, lang: str) -> str:
        return self.message_zh if lang == "zh" and self.message_zh else self.message

    def to_dict(self, lang: str = "en") -> dict:
        return {
            "kind": self.kind,
            "message": self.text_in(lang),
            "line": self.line,
            "text": self.text,
        }


# The reasons for a dead process (``process.exit_reason``, ``Sandbox``), in Chinese.
_REASONS_ZH = [
    (r"crashed with SIGSEGV \(segmentation fault\)", "因 SIGSEGV（段错误）崩溃"),
    (r"crashed with SIGBUS \(bus error\)", "因 SIGBUS（总线错误）崩溃"),
    (r"crashed with SIGILL \(illegal instruction\)", "因 SIGILL（非法指令）崩溃"),
    (r"crashed with SIGFPE \(arithmetic fault\)", "因 SIGFPE（算术错误）崩溃"),
    (r"aborted \(SIGABRT\)", "异常中止（SIGABRT）"),
    (r"exceeded its CPU-time limit \(SIGXCPU\)", "超出了 CPU 时间上限（SIGXCPU）"),
    (
        r"was killed \(SIGKILL\): it hit the memory or CPU-time limit",
        "被强制终止（SIGKILL）：超出了内存或 CPU 时间上限",
    ),
    (r"was killed by (signal \d+|SIG\w+)", r"被 \1 终止"),
    (
        r"hit the memory limit \((\d+) MB, memory held outside the address space included\)",
        r"超出了内存上限（\1 MB，地址空间以外占用的内存也计算在内）",
    ),
    (r"stopped answering", "不再响应"),
    (
        r"exited with status (-?\d+): .*",
        r"以状态码 \1 退出：提交的代码不能调用 sys.exit() 或 os._exit()（也不能关闭 quizzer 的管道）",
    ),
    (r"was stopped: quizzer's fork server exited", "已停止：quizzer 的 fork 服务进程退出了"),
    (r"the worker was stopped \(grading was cancelled\)", "工作进程已停止（评分被取消）"),
    (r"the worker is no longer running", "工作进程已不在运行"),
    (r"grading was cancelled \(Ctrl-C\)", "评分被取消（Ctrl-C）"),
    (r"sent a malformed reply \((.*)\)", r"返回了格式错误的应答（「\1」）"),
]


def reason_zh(reason: str) -> str:
    """A sandbox reason in Chinese; one not in the table is quoted as it is."""
    for pattern, replacement in _REASONS_ZH:
        if re.fullmatch(pattern, reason, flags=re.S):
            return re.sub(pattern, replacement, reason, flags=re.S)
    return f"：「{reason}」"


def died(exc: WorkerDied, fn: str) -> SubmissionCrashed:
    reason = reason_zh(exc.reason)
    if exc.memory:
        return SubmissionCrashed(
            Text(
                f"memory limit: the process running {fn}() {exc.reason}",
                f"内存超限：运行 {fn}() 的进程{reason}",
            )
        )
    return SubmissionCrashed(
        Text(f"the process running {fn}() {exc.reason}", f"运行 {fn}() 的进程{reason}")
    )


_WHEN_ZH = {
    "while compiling": "编译时",
    "while your file was being imported": "导入你的文件时",
    "compiling": "编译",
    "importing your file": "导入你的文件",
}


def load_problem(exc: Exception, when: str) -> LoadProblem:
    when_zh = _WHEN_ZH.get(when, when)
    if isinstance(exc, WorkerTimeout):
        return LoadProblem(
            "timeout",
            f"your file did not finish importing within the time limit "
            f"({when}): is there an infinite loop at module level?",
            message_zh=f"你的文件在时间限制内没有完成导入（{when_zh}）：模块顶层是否有死循环？",
        )
    assert isinstance(exc, WorkerDied)
    return LoadProblem(
        "memory" if exc.memory else "crash",
        f"the process {exc.reason} {when}",
        message_zh=f"{when_zh}，进程{reason_zh(exc.reason)}",
    )


def where_zh(where: str) -> str:
    """The worker's `` (line N)`` in Chinese."""
    return re.sub(r"\s*\(line (\d+)\)", r"（第 \1 行）", where)


def error_problem(error, doing: str) -> LoadProblem:
    error = error if isinstance(error, dict) else {}
    kind = error.get("kind")
    message = str(error.get("message", ""))
    doing_zh = _WHEN_ZH.get(doing, doing)
    if kind == "syntax":
        line = error.get("line") if isinstance(error.get("line"), int) else None
        where = f" at line {line}" if line else ""
        kind_name = error.get("type", "SyntaxError")
        return LoadProblem(
            "syntax",
            f"{kind_name}{where}: {message}",
            line,
            str(error.get("text", "")),
            message_zh=(f"第 {line} 行" if line else "")
            + f"有语法错误（{kind_name}），Python 的原话：「{message}」",
        )
    if kind == "memory":
        return LoadProblem(
            "memory",
            f"memory limit: your file ran out of memory while {doing}",
            message_zh=f"内存超限：{doing_zh}时你的文件用完了内存",
        )
    if kind == "exit":
        return LoadProblem(
            "exit",
            f"your file {message} while {doing}: a submission must not exit",
            message_zh=f"{doing_zh}时你的文件退出了进程（「{message}」）：提交的代码不能退出进程",
        )
    where = str(error.get("where", ""))
    kind_name = error.get("type", "Exception")
    return LoadProblem(
        "import",
        f"{kind_name} while {doing}{where}: {message}",
        message_zh=f"{doing_zh}时出错{where_zh(where)}：抛出了 {kind_name}：「{message}」",
    )


def as_exception(problem: LoadProblem | None) -> SubmissionProblem:
    message = (
        Text(problem.message, problem.text_in("zh"))
        if problem
        else Text("the submission could not be loaded", "无法加载提交的文件")
    )
    if problem is not None and problem.status == "timeout":
        return SubmissionTimeout(message)
    if problem is not None and problem.status == "crash":
        return SubmissionCrashed(message)
    return SubmissionProblem(message)
