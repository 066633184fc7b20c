"""The reference's docstrings are the contract a learner codes against, in both languages:
the Chinese ones (``solutions/zh/*.yaml``) cover the module and every function and keep every
``code`` span of the English ones, so that no promise is lost in translation."""

from __future__ import annotations

import ast
import re

import pytest

from quizzer.challenges import CHALLENGES, solution_path
from quizzer.grading.starter import starter_source, zh_docstrings

CODE = re.compile(r"``([^`]+)``")


def _english(challenge: str) -> dict[str, str]:
    tree = ast.parse(solution_path(challenge).read_text(encoding="utf-8"))
    docs = {"module": ast.get_docstring(tree)}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in CHALLENGES[challenge]:
            docs[node.name] = ast.get_docstring(node)
    return docs


@pytest.mark.parametrize("challenge", list(CHALLENGES))
def test_every_docstring_has_a_chinese_version_with_the_same_code(challenge):
    english, chinese = _english(challenge), zh_docstrings(challenge)
    assert set(chinese) == set(english), "the module and every function, nothing else"
    for key, text in english.items():
        assert text and chinese[key], key
        missing = set(CODE.findall(text)) - set(CODE.findall(chinese[key]))
        assert not missing, f"{challenge}.{key}: the Chinese docstring lacks {sorted(missing)}"


@pytest.mark.parametrize("challenge", list(CHALLENGES))
def test_both_starters_are_valid_python_with_the_reference_signatures(challenge):
    for lang in ("en", "zh"):
        tree = ast.parse(starter_source(challenge, lang=lang))
        names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        assert names == list(CHALLENGES[challenge])
