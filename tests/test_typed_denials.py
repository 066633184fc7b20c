"""Found by the adversarial eval set: a negated key point is a wrong statement and a negation
elsewhere in the clause is not; terms glued by "and" / "with" / "和" or listed with 、 state
nothing; an adverb inside a term ("is simply turned off") does not hide it."""

from __future__ import annotations

import pytest

from quizzer.deck import load_deck
from quizzer.review.answers import check_typed


@pytest.fixture(scope="module")
def deck():
    return load_deck()


@pytest.mark.parametrize(
    "card, text",
    [
        ("bn-inference", "At inference BN does not use the running statistics."),
        ("bn-inference", "推理时 BN 不使用移动平均统计量。"),
        ("batchnorm", "反向传播时梯度不经过均值和方差。"),
        ("dropout", "The backward pass doesn't use the same mask."),
    ],
)
def test_a_negated_key_point_is_a_contradiction(deck, card, text):
    result = check_typed(deck.get(card), text)
    assert result.contradictions and result.suggested == 1


@pytest.mark.parametrize(
    "card, text",
    [
        # the negation is in a reason after "since", after everything the claim names, or in
        # a phrase rather than on the verb
        (
            "bn-recsys",
            "At serving BN uses the running statistics, since the candidates are not i.i.d.",
        ),
        ("bn-inference", "At inference BN uses the running statistics; the batch is not used."),
        (
            "l1-drawbacks",
            "Coordinate descent gives exact zeros, plain SGD never gives exact zeros.",
        ),
    ],
)
def test_a_negation_outside_the_point_denies_nothing(deck, card, text):
    assert check_typed(deck.get(card), text).contradictions == ()


@pytest.mark.parametrize(
    "card, text",
    [
        (
            "bn-inference",
            "BN is training and inference and uses running mean with momentum and folding with Conv.",
        ),
        ("dropout", "Dropout 是随机掩码并且用概率 p 和 1/(1−p) 以及共适应和集成。"),
    ],
)
def test_a_soup_of_terms_states_nothing(deck, card, text):
    result = check_typed(deck.get(card), text)
    assert result.hit == () and result.suggested == 1


def test_a_list_with_chinese_enumeration_commas_states_nothing(deck):
    result = check_typed(deck.get("batchnorm"), "均值、方差、批维度、γ、β、ε、更大学习率、平滑")
    assert result.statements == 0 and result.suggested == 1


def test_an_adverb_inside_a_term_still_matches(deck):
    result = check_typed(deck.get("dropout"), "At test time dropout is simply turned off.")
    assert result.contradictions == ()
    assert any("inference" in p.text.en for p in result.hit)


def test_two_subjects_joined_by_and_are_two_statements(deck):
    swapped = (
        "BN normalizes each sample over its own features and LN normalizes each feature over "
        "the batch; CNNs use BN, Transformers use LN."
    )
    assert check_typed(deck.get("bn-vs-ln"), swapped).suggested == 1
    joined = "In eval mode the stored running mean and variance are used instead of the batch's."
    assert check_typed(deck.get("bn-inference"), joined).hit
