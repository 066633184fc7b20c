"""``quizzer quiz`` at a keyboard: a real pseudo-terminal (stdlib ``pty``) for paste and keys,
and an in-memory 24-row screen for the flash back's size."""

from __future__ import annotations

import io
import os
import re
import sys

import pytest

from quizzer.review.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals only")


@pytest.fixture
def term():
    from tests.ptyrun import Terminal

    opened = []

    def start(*args: str) -> Terminal:
        t = Terminal(list(args), dict(os.environ))
        opened.append(t)
        return t

    yield start
    for t in opened:
        t.close()


def logged() -> list[tuple]:
    with Store.open() as store:
        return [(r["card_id"], r["rating"], r["typed"]) for r in store.reviews()]


def test_a_bracketed_paste_with_blank_lines_stays_inside_the_answer(term):
    t = term("quiz", "--mode", "typed", "--card", "l1")
    t.expect(r"an empty line \(or Ctrl-D\) ends it\.\s+> ")
    pasted = "L1 adds the sum of |w| to the loss\n\n4\nIt gives sparse weights"
    t.paste(pasted)  # the paste: a blank line, then "4" alone on a line
    t.send("\r")  # Enter typed by hand after the paste: a new line
    t.send("\r")  # an empty line typed by hand: the end of the answer
    t.expect(r"Key points: \d/\d")
    t.expect(r"rate 1-4, Enter = (\d)")
    assert logged() == []  # nothing from the paste reached the rating prompt
    t.send("2")
    t.expect(r"saved: hard")
    t.expect(r"ends it\.\s+> ")  # the card is back (learning): q and Enter end the session
    t.send("q\r")
    assert t.wait() == 0
    assert logged() == [("l1", 2, pasted)]


def test_a_paste_without_brackets_is_kept_whole_too(term):
    """A terminal without bracketed paste: an Enter arriving with more input was pasted."""
    t = term("quiz", "--mode", "typed", "--card", "dropout")
    t.expect(r"ends it\.\s+> ")
    t.paste("it zeroes units\n\n4\nand scales by 1/(1-p)", bracketed=False)
    t.send("\r")
    t.send("\x04")  # Ctrl-D ends the answer too
    t.expect(r"rate 1-4")
    t.send("3")
    t.expect(r"saved: good")
    t.expect(r"ends it\.\s+> ")
    t.send("q\r")
    assert t.wait() == 0
    assert logged() == [("dropout", 3, "it zeroes units\n\n4\nand scales by 1/(1-p)")]


def test_one_key_reveals_one_key_rates_u_undoes_e_pages(term):
    t = term("quiz", "--card", "dropout", "--card", "l1")
    t.expect(r"Enter shows the answer \(u undoes, q quits\)> ")
    t.send(" ")  # Space reveals: key points first
    t.expect(r"Key points · e shows the full answer")
    t.expect(r"rate 1-4, Enter = 3 good")
    t.send("4")  # one key, no Enter
    t.expect(r"saved: easy")
    t.expect(r"Enter shows the answer")
    assert [r[:2] for r in logged()] == [("l1", 4)]
    t.send("u")  # the next card is on screen: u takes the last rating back
    t.expect(r"undone: easy on l1; the card is asked again")
    t.expect(r"Enter shows the answer")
    assert logged() == []
    t.send("\r")
    t.expect(r"rate 1-4")
    t.send("e")  # the full answer in the pager (PAGER=cat here)
    t.expect(r"Answer")
    t.expect(r"rate 1-4")
    t.send(" ")  # Space: the suggested rating (good)
    t.expect(r"saved: good · next in 10m")
    t.expect(r"Enter shows the answer")
    t.send("\r")
    t.expect(r"rate 1-4")
    t.send("1")
    t.expect(r"saved: again")
    t.expect(r"\[3/\d\]")  # learning cards come back within the session
    t.send("q")
    assert t.wait() == 0
    assert [r[:2] for r in logged()] == [("l1", 3), ("dropout", 1)]


def test_choice_waits_for_a_key_after_the_explanations_and_u_undoes_it(term):
    t = term("quiz", "--mode", "choice", "--card", "dropout", "--seed", "1")
    t.expect(r"your choice 1-\d \(q quits\)> ")
    t.send("2")
    t.expect(r"saved: ")
    t.expect(r"any key: next card \(u undoes, q quits\)> ")  # the explanations stay on screen
    assert len(logged()) == 1
    t.send("u")
    t.expect(r"undone: \w+ on dropout")
    t.expect(r"your choice 1-\d")
    assert logged() == []
    t.send("q")
    assert t.wait() == 0


def test_the_last_rating_can_be_undone_before_the_summary(term):
    t = term("quiz", "--card", "l1", "--learn-ahead", "0")
    t.expect(r"Enter shows the answer")
    t.send(" ")
    t.expect(r"rate 1-4")
    t.send("4")
    t.expect(r"That was the last card: any key shows the summary \(u undoes\)> ")
    t.send("u")
    t.expect(r"undone: easy on l1")
    t.expect(r"Enter shows the answer")
    t.send(" ")
    t.expect(r"rate 1-4")
    t.send("2")  # hard: learning, but learn-ahead is off
    t.expect(r"That was the last card")
    t.send("x")
    t.expect(r"Session summary")
    t.expect(r"still learning: 1")
    assert t.wait() == 0
    assert [r[:2] for r in logged()] == [("l1", 2)]


class ScriptedKeys:
    """A terminal's key reader, scripted: what ``run_session`` sees from ``Keys``."""

    interactive = True

    def __init__(self, console, keys):
        self.console, self.keys = console, list(keys)

    def key(self, prompt: str) -> str:
        key = self.keys.pop(0)
        self.console.file.write(prompt + ("" if key in ("space", "enter") else key) + "\n")
        return key

    def line(self, prompt):  # pragma: no cover - flash sessions read keys only
        raise AssertionError("a flash session reads keys, not lines")


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_flash_back_fits_a_24_row_screen(width, lang, tmp_path):
    """Question, key points, intervals and prompt of each bundled card on one 24-row screen."""
    from quizzer.deck import load_deck
    from quizzer.render import console
    from quizzer.render.loop import run_session
    from quizzer.review.session import prepare

    deck = load_deck()
    screen = console(file=io.StringIO(), width=width, height=24, terminal=True)
    keys = ["space", "3"] * len(deck.cards) + ["q"]
    with Store.open(tmp_path / "s.sqlite3") as store:
        session = prepare(deck, store, mode="flash")
        run_session(session, screen, lang, ScriptedKeys(screen, keys))
    pages = screen.file.getvalue().split("\x1b[2J\x1b[H")[1:]
    assert len(pages) == len(deck.cards) + 1  # a fresh screen per card
    for page in pages[:-1]:
        shown = page[: page.index("> 3\n")]  # up to the rating prompt, where the learner looks
        rows = shown.count("\n") + 1
        assert rows <= 24, f"{rows} rows:\n{shown}"
        assert re.search(r"Key points|要点", shown)
        assert all(len(line) <= width for line in shown.splitlines())


def test_a_back_too_tall_for_the_screen_shows_whole_points_and_says_how_many_more():
    from quizzer.deck import load_deck
    from quizzer.render import console
    from quizzer.render.flash import back_view, height

    card = load_deck().get("l1-sparsity")
    screen = console(file=io.StringIO(), width=60)
    full = back_view(card, "en", screen)
    assert height(screen, full) > 8
    fitted = back_view(card, "en", screen, rows=8)
    assert height(screen, fitted) <= 8
    screen.print(fitted)
    text = screen.file.getvalue()
    shown = text.count("• ")
    assert 1 <= shown < len(card.key_points)
    assert f"+ {len(card.key_points) - shown} more key points: e shows the full answer" in text
