"""Integrity signals for batch grading: attempts to leave the sandbox (copies: ``copies.py``).

Signals for a teacher to look at, never verdicts: the score is the hidden suite's alone.

From the source (``static_flags``): imports of process, network, native-code or
grader modules, exit calls, ``__import__``, patching of builtins and the like. From the sandbox's own report (``runtime_flags``): the
refused imports of ``quizzer``/``solutions``, ``sys.exit``/``os._exit`` while
graded, processes or threads the limits refused, a malformed reply on the pipes,
and every attempt the jail refused (a path outside the allow-list opened, a
socket connected, another process signalled: ``jail/watch.py``).
"""

from __future__ import annotations

import ast
import re

_MODULES = {
    "subprocess": "starts processes",
    "multiprocessing": "starts processes",
    "pty": "starts processes",
    "socket": "opens network connections",
    "urllib": "opens network connections",
    "http": "opens network connections",
    "requests": "opens network connections",
    "ctypes": "loads native code (ctypes)",
    "cffi": "loads native code (cffi)",
    "signal": "handles signals",
    "resource": "changes its resource limits",
    "importlib": "imports modules dynamically",
    "builtins": "patches builtins",
    "gc": "inspects the interpreter's objects",
    "inspect": "inspects the caller's frames",
    "quizzer": "imports the grader",
    "solutions": "imports the reference solutions",
}
_CALLS = {
    "sys.exit": "calls sys.exit()",
    "os._exit": "calls os._exit()",
    "os.abort": "calls os.abort()",
    "exit": "calls exit()",
    "quit": "calls quit()",
    "os.system": "runs shell commands",
    "os.popen": "runs shell commands",
    "os.fork": "starts processes",
    "os.forkpty": "starts processes",
    "os.posix_spawn": "starts processes",
    "os.kill": "sends signals",
    "os.killpg": "sends signals",
    "os.setsid": "leaves its process group",
    "os.write": "writes to raw file descriptors",
    "os.close": "closes raw file descriptors",
    "os.dup2": "rewires file descriptors",
    "sys._getframe": "inspects the caller's frames",
    "__import__": "imports modules dynamically",
}
_PREFIXES = {"os.exec": "replaces its process", "os.spawn": "starts processes"}
_ATTRIBUTES = {"sys.modules": "edits sys.modules"}


def static_flags(source: str) -> list[dict]:
    """What the source tries that a submission has no business doing: ``{"kind": "sandbox", ...}``."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    aliases: dict[str, str] = {}  # local name -> dotted origin
    found: dict[str, int] = {}  # what -> first line

    def note(what: str, node: ast.AST) -> None:
        found.setdefault(what, getattr(node, "lineno", 0))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                local = a.asname or a.name.split(".")[0]
                aliases[local] = a.name if a.asname else local
                root = a.name.split(".")[0]
                if root in _MODULES:
                    note(f"imports {root}: {_MODULES[root]}", node)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            root = node.module.split(".")[0]
            if root in _MODULES:
                note(f"imports {root}: {_MODULES[root]}", node)
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            dotted = _dotted(node.func, aliases)
            if dotted in _CALLS:
                note(f"{_CALLS[dotted]} ({dotted})", node)
            for prefix, what in _PREFIXES.items():
                if dotted and dotted.startswith(prefix):
                    note(f"{what} ({dotted})", node)
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node, aliases)
            if dotted in _ATTRIBUTES:
                note(_ATTRIBUTES[dotted], node)
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                dotted = _dotted(target, aliases) if isinstance(target, ast.Attribute) else None
                if dotted and dotted.split(".")[0] in ("builtins", "numpy", "sys"):
                    note(f"overwrites {dotted}", node)
    return [
        {
            "kind": "sandbox",
            "source": "code",
            "what": what,
            "line": line,
            "message": f"line {line}: {what}" if line else what,
        }
        for what, line in sorted(found.items(), key=lambda item: (item[1], item[0]))
    ]


def _dotted(node: ast.AST, aliases: dict[str, str]) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


_REFUSED = re.compile(r"importing '([\w.]+)' is not allowed")
_RUNTIME = (
    (
        re.compile(r"must not exit|must not call sys\.exit\(\) or os\._exit\(\)"),
        "exited while graded (sys.exit or os._exit)",
    ),
    (
        re.compile(
            r"can't start new thread|BlockingIOError: \[Errno 11\]|Resource temporarily unavailable"
        ),
        "tried to start processes or threads (refused by the limits)",
    ),
    (re.compile(r"malformed reply"), "sent quizzer a malformed reply (tampered with its pipes?)"),
)


def runtime_flags(record: dict) -> list[dict]:
    """What the sandbox saw the submission attempt, from a graded record (``Report.to_dict``)."""
    texts = [t.get("message", "") for t in record.get("tests", [])]
    problem = record.get("problem") or {}
    texts.append(problem.get("message", ""))
    found: dict[str, None] = {}
    for text in texts:
        for module in _REFUSED.findall(text):
            found[f"tried to import {module} (refused)"] = None
        for pattern, what in _RUNTIME:
            if pattern.search(text):
                found[what] = None
    for attempt in record.get("escapes") or []:
        what = f"tried to {attempt.get('what')} {attempt.get('target')} (refused by the jail)"
        found[what] = None
    return [{"kind": "sandbox", "source": "run", "what": w, "message": w} for w in found]
