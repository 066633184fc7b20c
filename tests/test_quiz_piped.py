"""The piped protocol (one line per prompt) with the new keys: u, e, Enter for the suggestion."""

from __future__ import annotations

from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.review.store import Store


def invoke(*args: str, input: str):
    return CliRunner().invoke(app, list(args), input=input, env={"COLUMNS": "100"})


def logged() -> list[tuple]:
    with Store.open() as store:
        return [(r["card_id"], r["rating"], r["typed"]) for r in store.reviews()]


def test_u_undoes_the_last_rating_and_the_card_is_asked_again():
    script = "\n3\n" + "u\n" + "\n4\n" + "\n\n" + "q\n"
    result = invoke("quiz", "--card", "l1", "--card", "dropout", input=script)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "undone: good on l1; the card is asked again" in out
    assert out.count("l1 · flash · new") == 2  # shown, undone, shown again (still new)
    assert [r[:2] for r in logged()] == [("l1", 4), ("dropout", 3)]  # Enter: good
    assert "saved: good · next in 10m" in out and "back this session" in out


def test_u_on_the_first_card_has_nothing_to_undo():
    result = invoke("quiz", "--card", "l1", input="u\nq\n")
    assert "nothing to undo in this session" in result.stdout and logged() == []


def test_e_prints_the_full_answer_when_piped_and_the_back_lists_key_points():
    result = invoke("quiz", "--card", "dropout", input="\ne\n4\n")
    out = result.stdout
    back = out.index("Key points · e shows the full answer")
    assert "╭─ Answer" in out[back:]  # the full answer, after the key points
    assert "inverted dropout" in out[back:].lower()
    assert logged()[0][:2] == ("dropout", 4)


def test_u_as_a_typed_answer_undoes_and_q_quits():
    script = "sum of absolute values\n\n3\n" + "u\n" + "sparse weights\n\n\n" + "q\n"
    result = invoke("quiz", "--mode", "typed", "--card", "dropout", "--card", "l1", input=script)
    assert result.exit_code == 0, result.output
    assert "undone: good on l1" in result.stdout
    ratings = logged()
    assert [r[0] for r in ratings] == ["l1"] and ratings[0][2] == "sparse weights"
