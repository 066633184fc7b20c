from __future__ import annotations

import random

import pytest

from quizzer.cards import KeyPoint, Text
from quizzer.review.answers import (
    check_typed,
    choice_options,
    normalize,
    parse_choice,
    point_hit,
    suggest_rating,
)
from tests.test_quiz import make_card


def kp(en: tuple[str, ...], zh: tuple[str, ...] = ()) -> KeyPoint:
    return KeyPoint(Text("point", "要点"), {"en": en, "zh": zh})


INVERTED = kp(("1/(1-p)", "inverted dropout", "rescale"), ("除以1-p", "反向dropout", "缩放"))


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Ｌ１　正则化", "l1 正则化"),  # full width letters, digits and space
        ("Weight-Decay!!", "weight decay"),
        ("1/(1-p)", "1 1 p"),
        ("x ⊙ m", "x ⊙ m"),  # symbols are kept
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
        "multiply by １／（１－ｐ）",  # full width
        "It's INVERTED DROPOUT.",  # case, punctuation
        "this is invertd dropout",  # one typo
        "this is inverteddropout",  # merged words
        "we rescale activations",
        "训练时对保留的单元除以 1-p",  # Chinese, spaces inside the keyword
        "这就是反向 Dropout 的做法",  # mixed script
        "训练时对保留单元进行缩放",  # plain substring in Chinese
    ],
)
def test_point_hit(answer):
    assert point_hit(INVERTED, answer)


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "dropout randomly zeroes units",
        "we scale the weights at test time",  # 'scale' is not 'rescale'... but one edit away?
        "1 - p is the keep probability",
        "训练时随机丢弃神经元",
    ],
)
def test_point_missed(answer):
    assert not point_hit(INVERTED, answer)


def test_short_keywords_need_exact_words():
    point = kp(("L1",), ("稀疏",))
    assert point_hit(point, "use l1")
    assert not point_hit(point, "use l2")  # no typo tolerance on short words
    assert not point_hit(point, "use ll1")
    assert point_hit(point, "L1 会使参数稀疏")


def test_chinese_typo_on_long_keyword():
    point = kp((), ("内部协变量偏移",))
    assert point_hit(point, "缓解内部协变量偏位")  # one character wrong
    assert not point_hit(point, "缓解内部变化")


def test_punctuation_only_keyword_never_matches_everything():
    assert not point_hit(kp(("()",)), "anything at all")


def test_check_typed_hits_misses_and_suggests():
    card = make_card(
        "dropout",
        key_points=(
            kp(("inverted dropout",), ("反向dropout",)),
            kp(("drop probability",), ("丢弃概率",)),
            kp(("ensemble",), ("集成",)),
            kp(("co-adaptation",), ("共适应",)),
        ),
    )
    full = check_typed(
        card, "Inverted dropout; p is the drop probability; an ensemble; less co adaptation"
    )
    assert len(full.hit) == 4 and full.missed == () and full.suggested == 3 and full.score == 1.0
    # a Chinese answer to the same card
    zh = check_typed(card, "反向 dropout，p 是丢弃概率，相当于集成")
    assert [p.keywords["en"][0] for p in zh.missed] == ["co-adaptation"]
    assert zh.suggested == 2
    few = check_typed(card, "it is an ensemble")
    assert len(few.hit) == 1 and few.suggested == 1


@pytest.mark.parametrize(
    "hit, total, rating", [(4, 4, 3), (3, 4, 2), (2, 4, 2), (1, 4, 1), (0, 3, 1), (0, 0, 1)]
)
def test_suggest_rating(hit, total, rating):
    assert suggest_rating(hit, total) == rating


def test_choice_options_shuffle_is_seeded_and_complete():
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
    assert point_hit(kp(("L1",)), "用L1正则化可以得到稀疏解")
    assert point_hit(INVERTED, "训练时使用inverted dropout的方式")
    assert point_hit(kp(("x ⊙ m",)), "输出是x⊙m")  # spaces differ: words merged
    assert not point_hit(kp(("L2",)), "用L1正则化")


# --- typo tolerance never turns one word into another ---------------------------


@pytest.mark.parametrize(
    "keyword, answer",
    [
        ("fuse", "we use the layers"),  # 4 letters: no typos at all
        ("mask", "it depends on the task"),
        ("mode", "the model learns"),
        ("l1 norm", "the l0 norm counts non-zeros"),  # digits are never fuzzy
        ("precompute", "the statistics are recomputed"),  # the first letter must be right
        ("outdated", "the statistics are updated"),
        ("squared norm", "the unsquared norm"),
        ("variance", "a random variable"),  # 8 letters: one edit, not two
        ("larger learning rate", "learning rate"),  # every word of the keyword is needed
    ],
)
def test_a_near_word_is_not_the_keyword(keyword, answer):
    assert not point_hit(kp((keyword,)), answer)


@pytest.mark.parametrize(
    "keyword, answer",
    [
        ("sparsity", "it gives sparisty"),  # two neighbours swapped: one typo
        ("gaussian", "a gausian prior"),
        ("regularization", "a regularizaton efect"),
        ("learning rate", "allows larger learning rates"),  # plural
        ("small batch", "with small batches"),
        ("prior", "two priors"),
        ("bias=False", "use `bias=False` in the layer"),  # Markdown code
        ("inverted dropout", "invertd dropuot"),  # a typo in each word
    ],
)
def test_a_typo_or_plural_still_hits(keyword, answer):
    assert point_hit(kp((keyword,)), answer)


@pytest.mark.parametrize(
    "keyword, answer",
    [
        ("组归一化", "它对数据做归一化"),  # 4 characters: exact only
        ("初始化为1", "γ 初始化为0"),  # the opposite, one character away
        ("滑动平均", "移动平均"),
        ("内部协变量偏移", "外部协变量偏移"),  # the first character sets a term apart
    ],
)
def test_a_near_chinese_term_is_not_the_keyword(keyword, answer):
    assert not point_hit(kp((), (keyword,)), answer)


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
