"""Typed answers graded on statements (``review.answers``, ``review.claims``), and choices."""

from __future__ import annotations

import random

import pytest

from quizzer.cards import KeyPoint, Text
from quizzer.review.answers import (
    check_typed,
    choice_options,
    normalize,
    parse_choice,
    suggest_rating,
)
from quizzer.review.claims import Answer, Reader
from tests.test_quiz import make_card


def says(en: tuple[str, ...], zh: tuple[str, ...], answer: str) -> bool:
    """Whether ``answer`` states the one-concept claim named by these terms."""
    return Reader(Answer(answer), {"x": {"en": en, "zh": zh}}).find("x") is not None


INVERTED = (("1/(1-p)", "inverted dropout", "rescale"), ("除以1-p", "反向dropout", "缩放"))


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Ｌ１　正则化", "l1 正则化"),  # full width letters, digits and space
        ("Weight-Decay!!", "weight decay"),
        ("1/(1-p)", "1 1 p"),
        ("1/(1−p)", "1 1 p"),  # a typographic minus is a hyphen
        ("x ⊙ m", "x ⊙ m"),  # symbols are kept
        ("|g| ≤ λ", "| g | <= lambda"),  # ≤ is <=, Greek letters are spelled out
        ("keep_prob", "keep_prob"),
        ("  many\n\tspaces  ", "many spaces"),
        ("训练时，除以（1-p）。", "训练时 除以 1 p"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "answer",
    [
        "We scale the kept units by 1/(1-p) while training",
        "we multiply by １／（１－ｐ）",  # full width
        "It's INVERTED DROPOUT.",  # case, punctuation
        "this is invertd dropout",  # one typo
        "this is inverteddropout",  # merged words
        "we rescale activations",
        "we rescaled the activations",  # word forms
        "训练时对保留的单元除以 1-p",  # Chinese, spaces inside the term
        "这就是反向 Dropout 的做法",  # mixed script
        "训练时对保留单元进行缩放",  # plain substring in Chinese
    ],
)
def test_a_statement_makes_the_point(answer):
    assert says(*INVERTED, answer)


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "dropout randomly zeroes units",
        "we scale the weights at test time",
        "1 - p is the keep probability",
        "训练时随机丢弃神经元",
        "inverted dropout, rescale",  # terms, no statement
        "We do not rescale the activations",  # negated
        "训练时不缩放",
    ],
)
def test_point_missed(answer):
    assert not says(*INVERTED, answer)


def test_short_terms_need_exact_words():
    point = (("L1",), ("稀疏",))
    assert says(*point, "we use l1 here")
    assert not says(*point, "we use l2 here")  # no typo tolerance on short words
    assert not says(*point, "we use ll1 here")
    assert says(*point, "L1 会使参数稀疏")


def test_chinese_typo_on_long_term():
    point = ((), ("内部协变量偏移",))
    assert says(*point, "它可以缓解内部协变量偏位")  # one character wrong
    assert not says(*point, "它可以缓解内部变化")
    assert not says(("g = 1 是 in",), ("g=1就是in",), "g=c就是in 的情况")  # only Chinese is fuzzy


def test_punctuation_only_term_never_matches_everything():
    assert not says(("()",), (), "anything at all is fine")


def card_with_points():
    card = make_card("dropout")
    concepts = {
        "inverted": {"en": ("inverted dropout",), "zh": ("反向dropout",)},
        "drop_p": {"en": ("drop probability",), "zh": ("丢弃概率",)},
        "ensemble": {"en": ("ensemble",), "zh": ("集成",)},
        "coadapt": {"en": ("co-adaptation",), "zh": ("共适应",)},
        "inference": {"en": ("inference",), "zh": ("推理",)},
    }
    points = (
        KeyPoint(Text("inverted", "反向"), ("inverted",)),
        KeyPoint(Text("drop p", "丢弃概率"), ("drop_p",)),
        KeyPoint(Text("ensemble", "集成"), ("ensemble",), core=False),
        KeyPoint(Text("co-adaptation", "共适应"), ("coadapt",), core=False),
    )
    from dataclasses import replace

    return replace(card, key_points=points, concepts=concepts)


def test_check_typed_hits_misses_and_suggests():
    card = card_with_points()
    full = check_typed(
        card,
        "We use inverted dropout. p is the drop probability. It trains an ensemble "
        "and prevents co-adapting units.",  # another word form of the term
    )
    assert len(full.hit) == 4 and full.missed == () and full.suggested == 4 and full.score == 1.0
    assert full.reason == "typed.reason.complete"
    assert [h.clause for h in full.evidence][:2] == [
        "We use inverted dropout",
        "p is the drop probability",
    ]
    core = check_typed(card, "反向 dropout 是常用的，p 是丢弃概率")  # a Chinese answer: the core
    assert [p.text.en for p in core.missed] == ["ensemble", "co-adaptation"]
    assert core.suggested == 3 and core.reason == "typed.reason.core"
    few = check_typed(card, "it is an ensemble")
    assert len(few.hit) == 1 and few.suggested == 1
    terms = check_typed(card, "inverted dropout, drop probability, ensemble, co-adaptation")
    assert terms.hit == () and terms.statements == 0 and terms.suggested == 1
    assert terms.reason == "typed.reason.no_statement"


@pytest.mark.parametrize(
    "args, rating",
    [
        ((2, 2, 2, 3, 0, 5), 4),  # every core point, most details
        ((2, 2, 1, 3, 0, 5), 3),  # every core point
        ((1, 2, 0, 3, 0, 5), 2),  # some of the core
        ((0, 2, 2, 3, 0, 5), 2),  # no core, two details
        ((0, 2, 1, 3, 0, 5), 1),
        ((2, 2, 3, 3, 1, 5), 2),  # one wrong statement in an otherwise excellent answer
        ((2, 2, 1, 3, 1, 5), 1),  # wrong, and not excellent otherwise
        ((2, 2, 3, 3, 2, 5), 1),  # two wrong statements
        ((2, 2, 3, 3, 0, 0), 1),  # no statement at all
    ],
)
def test_suggest_rating(args, rating):
    assert suggest_rating(*args)[0] == rating


def test_choice_options_shuffle_is_seeded_complete_and_in_turn():
    card = make_card("l1")
    a = choice_options(card, random.Random(7))
    b = choice_options(card, random.Random(7))
    assert a == b
    assert sum(o.correct for o in a) == 1
    assert sorted(o.distractor_index for o in a if not o.correct) == [0, 1, 2]
    orders = {
        tuple(o.distractor_index for o in choice_options(card, random.Random(s))) for s in range(20)
    }
    assert len(orders) > 1  # really shuffled
    turns = [choice_options(card, random.Random(1), turn)[0].choice for turn in range(4)]
    assert turns == [0, 1, 0, 1]


@pytest.mark.parametrize(
    "text, index",
    [
        ("1", 0),
        ("4", 3),
        (" 2 ", 1),
        ("b", 1),
        ("D", 3),
        ("５", None),
        ("0", None),
        ("e", None),
        ("x", None),
        ("", None),
    ],
)
def test_parse_choice(text, index):
    # "５" is full width 5: out of range for 4 options
    assert parse_choice(text, 4) == index


def test_latin_terms_inside_chinese_text():
    assert says(("L1",), (), "用L1正则化可以得到稀疏解")
    assert says(*INVERTED, "训练时使用inverted dropout的方式")
    assert says(("x ⊙ m",), (), "输出是x⊙m")  # spaces differ: words merged
    assert not says(("L2",), (), "用L1正则化")


# --- typo tolerance never turns one word into another ---------------------------


@pytest.mark.parametrize(
    "term, answer",
    [
        ("fuse", "we use the layers"),  # 4 letters: no typos at all
        ("mask", "it depends on the task"),
        ("mode", "the model learns"),
        ("l1 norm", "the l0 norm counts non-zeros"),  # digits are never fuzzy
        ("precompute", "the statistics are recomputed"),  # the first letter must be right
        ("outdated", "the statistics are updated"),
        ("squared norm", "the unsquared norm is used"),
        ("variance", "a random variable is used"),  # 8 letters: one edit, not two
        ("larger learning rate", "the learning rate is tuned"),  # every word of the term
    ],
)
def test_a_near_word_is_not_the_term(term, answer):
    assert not says((term,), (), answer)


@pytest.mark.parametrize(
    "term, answer",
    [
        ("sparsity", "it gives sparisty"),  # two neighbours swapped: one typo
        ("gaussian", "it is a gausian prior"),
        ("regularization", "it has a regularizaton efect"),
        ("learning rate", "it allows larger learning rates"),  # plural
        ("small batch", "it is noisy with small batches"),
        ("prior", "there are two priors"),
        ("bias=False", "we use `bias=False` in the layer"),  # Markdown code
        ("inverted dropout", "it is invertd dropuot"),  # a typo in each word
        ("co-adaptation", "dropout stops the co-adapting of units"),  # another word form
        ("normalise", "BN normalizes it"),  # British and American spelling
    ],
)
def test_a_typo_word_form_or_plural_still_hits(term, answer):
    assert says((term,), (), answer)


@pytest.mark.parametrize(
    "term, answer",
    [
        ("组归一化", "它对数据做归一化"),  # 4 characters: exact only
        ("初始化为1", "γ 初始化为0"),  # the opposite, one character away
        ("滑动平均", "它用移动平均"),
        ("内部协变量偏移", "它缓解外部协变量偏移"),  # the first character sets a term apart
    ],
)
def test_a_near_chinese_term_is_not_the_term(term, answer):
    assert not says((), (term,), answer)


# --- a vague answer makes no key point of any card ----------------------------------

VAGUE = (
    "Not sure. Something to do with the task, the use of the model and the loss.",
    "It is a technique used in deep learning to make the network work better on the task.",
    "It normalizes the data so that training is faster.",
    "I think it changes the weights somehow, maybe a trick to fuse layers.",
    "it makes the model better",
    "I forgot, something about the data and the network",
    "maybe it is about regularization and weights",
    "这是深度学习里常用的一种技术，可以让模型效果更好。",
    "我不太确定，可能和模型的权重有关系。",
    "它对数据做归一化，让训练更快。",
    "不记得了，大概是一种训练技巧",
    "也许和正则化有关",
)


def _vague_cases():
    from quizzer.paths import cards_dir

    for path in sorted(cards_dir().glob("[0-9]*-*.yaml")):  # parsed in the test
        card_id = path.stem.split("-", 1)[1]
        for answer in VAGUE:
            yield pytest.param(path, answer, id=f"{card_id}-{VAGUE.index(answer)}")


@pytest.mark.parametrize("path, answer", list(_vague_cases()))
def test_a_vague_answer_makes_no_key_point(path, answer):
    from quizzer.deck import load_card_file

    result = check_typed(load_card_file(path), answer)
    assert [p.text.en for p in result.hit] == []
    assert result.suggested == 1
