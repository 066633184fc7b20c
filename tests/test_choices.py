"""Multiple choice that tests knowledge: the correct option cannot be spotted by its form."""

from __future__ import annotations

import pytest

from quizzer.deck import load_deck
from quizzer.review.clauses import split_clauses

BOUND = 0.35


def questions():
    for card in load_deck():
        for choice in card.choices:
            for lang in ("en", "zh"):
                yield (
                    card.id,
                    lang,
                    [choice.correct(lang)] + [d.text(lang) for d in choice.distractors],
                )


def strategy_wins(measure) -> float:
    """The share of questions won by always picking the option that scores highest (ties split)."""
    wins = 0.0
    total = 0
    for _, _, options in questions():
        scores = [measure(o) for o in options]
        best = [i for i, s in enumerate(scores) if s == max(scores)]
        wins += (0 in best) / len(best)
        total += 1
    return wins / total


@pytest.mark.parametrize(
    "name, measure",
    [
        ("the longest option", len),
        ("the option with the most clauses", lambda text: len(split_clauses(text))),
        ("the option with the most words", lambda text: len(text.split())),
    ],
)
def test_no_form_strategy_wins(name, measure):
    share = strategy_wins(measure)
    print(f"picking {name} wins {share:.0%} of {sum(1 for _ in questions())} questions")
    assert share <= BOUND, f"picking {name} wins {share:.0%} (at most {BOUND:.0%})"


def test_every_card_has_three_questions_in_both_languages():
    for card in load_deck():
        assert len(card.choices) >= 3, card.id
        assert all(len(c.distractors) >= 3 for c in card.choices), card.id
