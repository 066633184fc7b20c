"""Two roles swapped in one answer ("L2 gives sparse weights, L1 only shrinks them"): the swap is
named as the card's wrong statement and earns nothing, while the right statement earns its key
point in the learner's own words, in English and Chinese (``tests/eval/typed_swaps.yaml``).

Each item has ``names`` (the start of the English text of the wrong statement the answer must be
told it makes) and ``withholds`` (the start of the key point it must not earn), or ``earns`` (the
key point it must earn, with no wrong statement named).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from quizzer.deck import load_deck
from quizzer.review.answers import check_typed

ITEMS = yaml.safe_load((Path(__file__).parent / "eval" / "typed_swaps.yaml").read_text("utf-8"))


def _point(card, start: str):
    points = [p for p in card.key_points if p.text("en").startswith(start)]
    assert len(points) == 1, f"{card.id}: no single key point starts with {start!r}"
    return points[0]


def _id(item: dict) -> str:
    kind = "names" if "names" in item else "earns"
    return f"{item['card']}-{item['lang']}-{kind}-{item['text'][:30]}"


@pytest.mark.parametrize("item", ITEMS, ids=[_id(i) for i in ITEMS])
def test_a_swap_is_named_and_a_fair_answer_earns_the_point(item):
    card = load_deck().get(item["card"])
    result = check_typed(card, item["text"])
    named = [c.wrong("en") for c in result.contradictions]
    if "names" in item:
        assert any(w.startswith(item["names"]) for w in named), named
        assert _point(card, item["withholds"]) not in result.hit
        assert result.suggested <= 2
    else:
        assert _point(card, item["earns"]) in result.hit
        assert named == []


def test_every_swap_has_three_fair_answers_in_each_language():
    deck = load_deck()
    fair = Counter((i["card"], i["earns"], i["lang"]) for i in ITEMS if "earns" in i)
    swaps = {(i["card"], i["withholds"], i["lang"]) for i in ITEMS if "names" in i}
    for card, point, _ in swaps:
        _point(deck.get(card), point)
        for lang in ("en", "zh"):
            assert (card, point, lang) in swaps, (card, point, lang)
            assert fair[card, point, lang] >= 3, (card, point, lang)


@pytest.mark.parametrize(
    "answer",
    [
        "L1 and L2 respectively give exactly zero weights and shrink weights smoothly.",
        "L1 and L2, respectively, give exactly zero weights and shrink weights smoothly.",
    ],
)
def test_a_value_that_stands_nowhere_exactly_is_paired_with_no_role(answer):
    """'shrink ... smoothly' is found only through its words, not as one of the card's terms,
    so which role it is said of cannot be told: the right order is never accused of the swap
    (nor the wrong order credited with the point)."""
    card = load_deck().get("l1")
    result = check_typed(card, answer)
    assert result.contradictions == ()
    swapped = check_typed(card, answer.replace("L1 and L2", "L2 and L1"))
    assert not any("sparse" in h.text.en for h in swapped.hit)


@pytest.mark.parametrize(
    ("card", "soup"),
    [
        ("bn-params", "gamma beta scale shift mean variance identity restore sigma mu learnable"),
        ("bn-params", "gamma scale beta shift mean std identity restore expressive power"),
        ("dropout", "dropout scale 1/(1-p) training inference expectation inverted mask"),
    ],
)
def test_a_short_string_of_terms_with_no_glue_earns_nothing(card, soup):
    """Eight words or more, no function word but at most one verb: a list, not a statement
    (shorter than the twelve words the general rule waits for, and with no "and" for the
    soup rule to count)."""
    result = check_typed(load_deck().get(card), soup)
    assert result.hit == () and result.suggested == 1


def test_a_fair_sentence_of_the_same_length_still_earns():
    deck = load_deck()
    fair = check_typed(
        deck.get("bn-vs-ln"), "BN depends on the batch size and needs running statistics"
    )
    assert fair.hit
    terse = check_typed(deck.get("bn-params"), "gamma scales, beta shifts")
    assert terse.hit
