"""The prose of every card's question, answer and notes, in both languages: Chinese
punctuation in Chinese text, no stray spaces, and words a learner knows."""

from __future__ import annotations

import re

import pytest

from quizzer.mathmarkdown import markdown_math_to_text
from tests.test_card_files import CARD_FILES, card_data


def _prose(card_id: str, lang: str) -> list[tuple[str, str]]:
    data = card_data(card_id)
    texts = [("question", data["question"][lang]), ("answer", data["answer"][lang])]
    texts += [(f"notes[{i}]", n["text"][lang]) for i, n in enumerate(data["notes"])]
    return texts


@pytest.mark.parametrize("card_id", CARD_FILES)
def test_chinese_prose_uses_chinese_quotation_marks(card_id):
    for where, text in _prose(card_id, "zh"):
        outside_code = re.sub(r"`[^`]*`", "", text)
        assert '"' not in outside_code, f"{card_id} {where}: ASCII quotes in Chinese text"


@pytest.mark.parametrize("card_id", CARD_FILES)
def test_chinese_prose_has_no_stray_space_at_full_width_punctuation(card_id):
    """A line break before （ renders as a space: 次梯度 0 （torch.sign(0) = 0）."""
    for where, text in _prose(card_id, "zh"):
        paragraphs = re.split(r"\n\s*\n", markdown_math_to_text(text))
        rendered = "\n\n".join(re.sub(r"[ \t]*\n[ \t]*", " ", p) for p in paragraphs)
        assert not re.search(r"[^\s。；：，、] （", rendered), f"{card_id} {where}"
        assert not re.search(r" [，。；：、）]|（ ", rendered), f"{card_id} {where}"


@pytest.mark.parametrize("card_id", CARD_FILES)
def test_notes_speak_of_the_write_up_not_the_seed(card_id):
    """A learner never sees the word "seed": it is the name of the YAML key only."""
    for lang in ("en", "zh"):
        for where, text in _prose(card_id, lang):
            assert not re.search(r"\bseeds?\b", text, re.I), f"{card_id} {where} ({lang})"


def test_bn_inference_chinese_keeps_weights_for_the_network():
    """权重 names the network's weights; the moving average's weighting is 比重."""
    answer = card_data("bn-inference")["answer"]["zh"]
    sentence = next(s for s in answer.split("。") if "越近的 batch" in s)
    assert "比重" in sentence and sentence.count("权重") == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_never_says_seed(lang):
    from typer.testing import CliRunner

    from quizzer.cli import app

    for card_id in ("l2", "bn-params"):
        result = CliRunner().invoke(app, ["show", card_id, "--lang", lang])
        assert result.exit_code == 0, result.output
        assert "write-up" in result.output.lower() or "原文" in result.output
        assert not re.search(r"\bseeds?\b", result.output, re.I)
