"""Starter files for ``quizzer drill``: generated from the reference, never kept as a second copy.

The reference solution is parsed with ``ast`` (never imported or run): the
starter gets its module docstring, and for every function of the challenge the
exact ``def`` line(s) and docstring, copied from the source, with a body that
raises ``NotImplementedError``. In Chinese the docstrings come from
``solutions/zh/<module>.yaml``, the translation kept next to the reference (a
test checks that it covers every function and keeps every ``code`` span). Module-level names a signature needs (a default
like ``eps=EPS``) come along. The visible tests' worked examples follow as a
comment block, and the header says how to check the file.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from pathlib import Path

from quizzer.challenges import CHALLENGES, check_id, module_name, solution_path

HEADER = "# quizzer challenge: {challenge}"

_TEXT = {
    "en": {
        "card": "# Card {number}: {title}",
        "task": "# Implement every function below (NumPy only), then check your work:",
        "watch": "# or re-check on every save:",
        "hint": "# Stuck? One hint at a time (the idea, the formula, the shape of the code):",
        "examples": "Worked examples (the visible tests; the hidden tests check much more):",
        "todo": "implement {name}",
    },
    "zh": {
        "card": "# 卡片 {number}：{title}",
        "task": "# 实现下面的每个函数（只用 NumPy），然后检查：",
        "watch": "# 或者每次保存时自动重新检查：",
        "hint": "# 卡住了？每次给一条提示（先是思路，再是公式，最后是代码的骨架）：",
        "examples": "示例（可见测试；隐藏测试检查得更多）：",
        "todo": "请实现 {name}",
    },
}


class StarterExists(FileExistsError):
    """The starter file is already there and ``force`` was not given."""


class StarterError(ValueError):
    """The starter file cannot be written there (a file in the way, no permission...)."""


def starter_filename(challenge: str) -> str:
    return f"{module_name(challenge)}.py"


def starter_source(
    challenge: str,
    *,
    lang: str = "en",
    shown_path: str | None = None,
    card: tuple[int, str] | None = None,
) -> str:
    """The text of the starter file. ``card`` is ``(number, title)`` when the deck is at hand."""
    check_id(challenge)
    text = _TEXT.get(lang, _TEXT["en"])
    source = solution_path(challenge).read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines()
    shown = shown_path or starter_filename(challenge)

    out = [HEADER.format(challenge=challenge)]
    if card is not None:
        out.append(text["card"].format(number=card[0], title=card[1]))
    out += [
        text["task"],
        f"#     quizzer check {shown}",
        text["watch"],
        f"#     quizzer check {shown} --watch",
        text["hint"],
        f"#     quizzer hint {shown}",
    ]
    zh_docs = zh_docstrings(challenge) if lang == "zh" else {}
    doc = zh_docs.get("module") or ast.get_docstring(tree)
    if doc:
        out += ['"""' + doc.replace('"""', r"\"\"\"") + '\n"""']
    out += ["", "from __future__ import annotations", "", "import numpy as np", ""]
    functions = {
        node.name: node
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    needed = _names_in_signatures([functions[f] for f in CHALLENGES[challenge] if f in functions])
    constants = [
        _segment(lines, node)
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign) and _targets(node) & needed
    ]
    if constants:
        out += [*constants, ""]
    for name in CHALLENGES[challenge]:
        node = functions.get(name)
        if node is None:
            raise ValueError(f"the reference for {challenge} has no function {name}")
        out += ["", _stub(lines, node, text["todo"].format(name=name), zh_docs.get(name)), ""]
    examples = _examples(challenge, lang)
    if examples:
        out += ["", "# " + "-" * 75, "# " + text["examples"]]
        for title, example in examples:
            out += ["#", f"# {title}"]
            out += [f"#     {line}".rstrip() for line in example.splitlines()]
    return "\n".join(out).rstrip() + "\n"


def write_starter(
    challenge: str,
    directory: Path,
    *,
    force: bool = False,
    lang: str = "en",
    card: tuple[int, str] | None = None,
) -> Path:
    """Write ``<module>.py`` in ``directory``; never overwrite without ``force``."""
    directory = Path(directory)
    path = new_file_path(directory, starter_filename(challenge), force=force)
    shown = str(path) if directory != Path(".") else path.name
    text = starter_source(challenge, lang=lang, shown_path=shown, card=card)
    write_new_file(path, lambda: path.write_text(text, encoding="utf-8"))
    return path


def new_file_path(directory: Path, filename: str, *, force: bool) -> Path:
    """``directory / filename``, checked: a folder there, no folder in its place, no file unless ``force``."""
    path = directory / filename
    if directory.exists() and not directory.is_dir():
        raise StarterError(f"--dir {directory} is a file, not a folder")
    if path.is_dir():
        raise StarterError(f"{path} is a folder; choose another --dir")
    if path.exists() and not force:
        raise StarterExists(f"{path} already exists; use --force to overwrite it")
    return path


def write_new_file(path: Path, write: Callable[[], object]) -> None:
    """Make ``path``'s folder and ``write()``; an OS error becomes a one-line ``StarterError``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write()
    except OSError as exc:
        raise StarterError(f"cannot write {path}: {exc.strerror or exc}") from exc


def zh_docstrings(challenge: str) -> dict[str, str]:
    """The Chinese docstrings of a reference: ``{"module": ..., function name: ...}``."""
    import yaml

    path = solution_path(challenge).parent / "zh" / f"{module_name(challenge)}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): inspect.cleandoc(str(v)) for k, v in (data or {}).items()}


def _stub(lines: list[str], node: ast.FunctionDef, todo: str, doc: str | None = None) -> str:
    """The ``def`` line(s) and docstring, copied verbatim (or ``doc`` in its place), then
    ``raise NotImplementedError``."""
    first = node.body[0]
    has_doc = (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )
    indent = " " * first.col_offset
    if doc is None:
        end = first.end_lineno if has_doc else first.lineno - 1
        head = lines[node.lineno - 1 : end]
    else:
        body = [indent + line if line else "" for line in doc.splitlines()]
        body[0] = indent + '"""' + doc.splitlines()[0]
        head = [*lines[node.lineno - 1 : first.lineno - 1], *body, indent + '"""']
    return "\n".join([*head, f'{indent}raise NotImplementedError("{todo}")'])


def _names_in_signatures(nodes: list[ast.FunctionDef]) -> set[str]:
    names = set()
    for node in nodes:
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                names |= {n.id for n in ast.walk(default) if isinstance(n, ast.Name)}
    return names


def _targets(node: ast.Assign | ast.AnnAssign) -> set[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def _segment(lines: list[str], node: ast.stmt) -> str:
    return "\n".join(lines[node.lineno - 1 : node.end_lineno])


def _examples(challenge: str, lang: str = "en") -> list[tuple[str, str]]:
    from quizzer.suites import cases

    return [
        (c.title(lang), inspect.cleandoc(c.example))
        for c in cases(challenge)
        if not c.hidden and c.example
    ]
