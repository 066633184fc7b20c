"""``quizzer drill CARD --notebook``: a starter notebook (``dropout.ipynb``) written with nbformat.

Cells: the card's question (Markdown; its ``$...$`` math is LaTeX, which Jupyter
renders), ``%load_ext quizzer``, the starter code (the same text as ``quizzer
drill`` writes, from ``quizzer.grading.starter``, without the file's header and
examples), the visible tests' worked examples, and a check cell.
"""

from __future__ import annotations

from pathlib import Path

from quizzer.challenges import module_name
from quizzer.grading.starter import new_file_path, starter_source, write_new_file

_TEXT = {
    "en": {
        "card": "## Card {number}: {title}",
        "task": "Implement the functions below with NumPy, run the cell, then run the check at "
        "the end. Your functions are graded in a separate, limited process against hidden tests.",
        "code": "### Your implementation",
        "examples": "### Worked examples\n\nThe visible tests (the hidden tests check much more):",
        "check": "### Check\n\nRe-run this cell after every change. "
        '`result = quizzer.check("{challenge}")` does the same and returns '
        "`result.passed`, `result.score`, `result.tests` and `result.diagnosis`.",
    },
    "zh": {
        "card": "## 卡片 {number}：{title}",
        "task": "用 NumPy 实现下面的函数，运行该单元格，然后运行最后的检查单元格。"
        "你的函数会在一个独立、受限的进程中接受隐藏测试的检验。",
        "code": "### 你的实现",
        "examples": "### 示例\n\n可见测试（隐藏测试检查得更多）：",
        "check": "### 检查\n\n每次修改后重新运行此单元格。"
        '`result = quizzer.check("{challenge}")` 效果相同，并返回 '
        "`result.passed`、`result.score`、`result.tests` 和 `result.diagnosis`。",
    },
}
EXAMPLES_MARK = "# " + "-" * 75


def notebook_filename(challenge: str) -> str:
    return f"{module_name(challenge)}.ipynb"


def starter_code(challenge: str, lang: str = "en") -> str:
    """The starter file's code: its leading comment header and trailing examples left out."""
    lines = starter_source(challenge, lang=lang).splitlines()
    start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    end = lines.index(EXAMPLES_MARK) if EXAMPLES_MARK in lines else len(lines)
    return "\n".join(lines[start:end]).strip() + "\n"


def build_notebook(challenge: str, card=None, lang: str = "en"):
    """The notebook (an ``nbformat`` node) for ``challenge``; ``card`` adds its question."""
    import nbformat.v4 as nbf

    from quizzer.grading.starter import _examples

    text = _TEXT.get(lang, _TEXT["en"])
    intro = []
    if card is not None:
        intro += [text["card"].format(number=card.number, title=card.title(lang)), ""]
        intro += [card.question(lang).strip(), ""]
    else:
        intro += [f"## {challenge}", ""]
    intro.append(text["task"])
    cells = [
        nbf.new_markdown_cell("\n".join(intro)),
        nbf.new_code_cell("%load_ext quizzer\nimport numpy as np\nimport quizzer"),
        nbf.new_markdown_cell(text["code"]),
        nbf.new_code_cell(starter_code(challenge, lang).rstrip("\n")),
    ]
    examples = _examples(challenge)
    if examples:
        body = [text["examples"]]
        for title, example in examples:
            body += ["", f"**{title}**", "", "```python", example, "```"]
        cells.append(nbf.new_markdown_cell("\n".join(body)))
    cells += [
        nbf.new_markdown_cell(text["check"].format(challenge=challenge)),
        nbf.new_code_cell(f"%quizzer check {challenge}"),
    ]
    for i, cell in enumerate(cells):  # stable ids: the same notebook every time
        cell["id"] = f"quizzer-{i}"
    nb = nbf.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["quizzer"] = {"challenge": challenge, "lang": lang}
    return nb


def write_notebook(
    challenge: str, directory: Path, *, force: bool = False, lang: str = "en", card=None
) -> Path:
    """Write ``<module>.ipynb`` in ``directory``; never overwrite without ``force``."""
    import nbformat

    path = new_file_path(Path(directory), notebook_filename(challenge), force=force)
    nb = build_notebook(challenge, card, lang)
    nbformat.validate(nb)
    write_new_file(path, lambda: nbformat.write(nb, str(path)))
    return path
