"""Multiple choice that tests knowledge: the correct option cannot be spotted by its form.

Each strategy below always picks the option that scores highest on something that can be seen
without knowing the subject; none may win more than ``BOUND`` of the questions (all cards,
all choice questions, both languages).
"""

from __future__ import annotations

import re

import pytest

from quizzer.deck import load_deck
from quizzer.review.clauses import RELATIONS, split_clauses
from quizzer.review.normalise import CJK, GREEK, normalize, stem

BOUND = 0.35


def questions():
    for card in load_deck():
        for choice in card.choices:
            for lang in ("en", "zh"):
                yield (
                    card.id,
                    lang,
                    choice.stem(lang),
                    [choice.correct(lang)] + [d.text(lang) for d in choice.distractors],
                )


def strategy_wins(measure) -> float:
    """The share of questions won by always picking the option that scores highest (ties split).

    ``measure(option, stem)`` scores one option of a question."""
    wins = 0.0
    total = 0
    for _, _, stem_text, options in questions():
        scores = [measure(o, stem_text) for o in options]
        best = [i for i, s in enumerate(scores) if s == max(scores)]
        wins += (0 in best) / len(best)
        total += 1
    return wins / total


def tokens(text: str) -> set[str]:
    """Stemmed words and Chinese character pairs: what two texts can visibly share."""
    norm = normalize(text)
    words = {stem(w) for w in norm.split() if not CJK.search(w) and len(w) > 2}
    chinese = "".join(CJK.findall(norm))
    return words | {chinese[i : i + 2] for i in range(len(chinese) - 1)}


_SYMBOLS = re.compile(r"[=<>≤≥≈±√∑∏‖|⊙·×*/^_()\[\]{}]|\d|[" + "".join(GREEK) + "]")
_TECHNICAL = re.compile(
    r"\b(?:[A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Za-z]+\d\w*|\w+\.\w+)\b"
)  # BN, L1, nn.Dropout
_FORMULA = re.compile(r"\d|[=<>≤≥≈±√∑‖⊙×^]|[" + "".join(GREEK) + "]")
HEDGES = re.compile(
    r"\b(?:can|could|may|might|often|usually|typically|generally|tends?|mostly|some|likely"
    r"|probably|rarely|sometimes|roughly|about)\b|可能|通常|往往|一般|大多|常|可以|也许|倾向|有时|大约",
    re.IGNORECASE,
)
ABSOLUTES = re.compile(
    r"\b(?:always|never|only|all|every|none|no|must|completely|entirely|any|cannot)\b"
    r"|总是|永远|只|从不|从来|一定|必须|所有|完全|绝不|都|任何|不能",
    re.IGNORECASE,
)


STRATEGIES = [
    ("the longest option", lambda text, _: len(text)),
    ("the option with the most clauses", lambda text, _: len(split_clauses(text))),
    ("the option with the most words", lambda text, _: len(text.split())),
    ("the option sharing most words with the stem", lambda text, q: len(tokens(text) & tokens(q))),
    (
        "the option with the most technical terms and symbols",
        lambda text, _: len(_SYMBOLS.findall(text)) + len(_TECHNICAL.findall(text)),
    ),
    ("an option with a formula or a number", lambda text, _: bool(_FORMULA.search(text))),
    ("the most hedged option", lambda text, _: len(HEDGES.findall(text))),
    ("the least absolute option", lambda text, _: -len(ABSOLUTES.findall(text))),
    (
        "an option with a relation (=, <=, ->)",
        lambda text, _: any(w in RELATIONS for w in normalize(text).split()),
    ),
]


@pytest.mark.parametrize("name, measure", STRATEGIES, ids=[name for name, _ in STRATEGIES])
def test_no_form_strategy_wins(name, measure):
    share = strategy_wins(measure)
    print(f"picking {name} wins {share:.0%} of {sum(1 for _ in questions())} questions")
    assert share <= BOUND, f"picking {name} wins {share:.0%} (at most {BOUND:.0%})"


def test_every_card_has_three_questions_in_both_languages():
    for card in load_deck():
        assert len(card.choices) >= 3, card.id
        assert all(len(c.distractors) >= 3 for c in card.choices), card.id
