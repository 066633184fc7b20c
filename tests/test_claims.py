"""Reading statements: clauses, polarity, lists of terms, and the wrong statements cards know."""

from __future__ import annotations

import io
from collections import Counter

import pytest

from quizzer.deck import load_deck
from quizzer.review.answers import check_typed
from quizzer.review.claims import Answer, ClaimError, Reader, check_claim, parse_claim
from quizzer.review.clauses import split_clauses
from tests.test_cards import GOOD


def texts(answer: str) -> list[str]:
    return [c.text for c in split_clauses(answer)]


def test_clauses_split_on_punctuation_and_contrast_but_keep_introductions():
    assert texts("At inference, BN uses the running mean. In training it uses the batch.") == [
        "At inference BN uses the running mean",
        "In training it uses the batch",
    ]
    assert texts("L1 gives exact zeros, whereas L2 only shrinks them") == [
        "L1 gives exact zeros",
        "whereas L2 only shrinks them",
    ]
    assert texts("推理时，用移动平均；训练时，用本批统计量。") == [
        "推理时 用移动平均",
        "训练时 用本批统计量",
    ]
    assert texts("BN pools over (N, H, W) for each channel") == [
        "BN pools over (N\u2063 H\u2063 W) for each channel"
    ]


def test_a_list_of_terms_is_no_statement():
    for answer in (
        "diamond, corner, contour, Laplace prior, MAP, sharp peak",
        "running mean; momentum; unbiased; folding",
        "菱形、顶点、拉普拉斯先验、最大后验",
        "random mask, co-adaptation, ensemble, inverted dropout, 1/(1-p), elementwise, keep_prob",
    ):
        assert not any(c.statement for c in split_clauses(answer)), answer
    assert all(c.statement for c in split_clauses("L1 gives sparse weights. 它会让权重变小。"))


CONCEPTS = {
    "bn": {"en": ("bn",), "zh": ("bn",)},
    "batch": {"en": ("over the batch",), "zh": ("跨batch",)},
    "zero": {"en": ("exactly zero",), "zh": ("恰好为0",)},
    "l2": {"en": ("l2",), "zh": ("l2",)},
    "ln": {"en": ("ln",), "zh": ("ln",)},
    "grad": {"en": ("gradient",), "zh": ("梯度",)},
    "flows": {"en": ("flows through",), "zh": ("流过",)},
}


def find(claim: str, answer: str, borrow: bool = True) -> str | None:
    reader = Reader(Answer(answer), CONCEPTS)
    found = reader.find(claim, borrow)
    return None if found is None else reader.answer.clauses[found].text


@pytest.mark.parametrize(
    "claim, answer, made",
    [
        ("bn + batch", "BN normalizes each channel over the batch", True),
        ("bn + batch", "BN normalizes each sample, not over the batch", False),  # negated clause
        ("bn + batch", "BN normalizes each sample. Statistics are over the batch", False),  # apart
        ("not: l2 + zero", "L2 shrinks weights but they never become exactly zero", True),
        ("l2 + zero", "L2 shrinks weights but they never become exactly zero", False),
        ("l2 + zero", "L2 does not make weights exactly zero", False),
        ("bn + batch - ln", "Unlike LN, BN normalizes over the batch", True),
        ("bn + batch - ln", "BN and LN both normalize over the batch", False),
        ("bn + batch", "BN 对每个通道跨 batch 归一化", True),
        ("bn + batch", "BN 不是跨 batch 归一化的", False),
        ("grad + flows", "The gradient is masked, it flows through the kept units only", True),
    ],
)
def test_claims_need_their_concepts_together_and_the_right_polarity(claim, answer, made):
    assert (find(claim, answer) is not None) == made


def test_a_pronoun_borrows_the_clause_before_but_not_for_wrong_statements():
    answer = "The gradient comes back from the loss, and it flows through the kept units"
    assert find("grad + flows", answer) is not None
    assert find("grad + flows", answer, borrow=False) is None


ROLES = {
    "gamma": {"en": ("gamma",), "zh": ("gamma",)},
    "beta": {"en": ("beta",), "zh": ("beta",)},
    "std": {"en": ("standard deviation", "std"), "zh": ("标准差",)},
    "mean": {"en": ("mean", "mu"), "zh": ("均值",)},
}


@pytest.mark.parametrize(
    "answer, made",
    [
        ("gamma is set to the standard deviation and beta to the mean", True),
        ("beta equals the mean and gamma the standard deviation", True),
        ("γ = std and β = μ", True),
        ("the standard deviation goes into gamma and the mean into beta", True),  # said first
        ("gamma 等于标准差、beta 等于均值", True),
        ("gamma is set to the mean and beta to the standard deviation", False),  # swapped roles
        ("γ = μ and β = std", False),
        ("gamma 等于均值、beta 等于标准差", False),
        ("gamma multiplies the standard deviation and beta the mean", True),  # "mu" in a word
    ],
)
def test_paired_claims_bind_each_value_to_its_role(answer, made):
    reader = Reader(Answer(answer), ROLES)
    assert (reader.find("gamma ~ std + beta ~ mean") is not None) == made
    # without the pairing the same four concepts are found in either order
    assert reader.find("gamma + std + beta + mean") is not None


SPARSE = {
    "l1": {"en": ("l1", "lasso"), "zh": ("l1",)},
    "l2": {"en": ("l2", "ridge"), "zh": ("l2", "岭回归")},
    "zero": {"en": ("exact zeros", "sparse"), "zh": ("稀疏",)},
    "shrink": {"en": ("shrink",), "zh": ("缩小",)},
}


@pytest.mark.parametrize(
    "answer, said_of",
    [
        ("L1 gives exact zeros and L2 only shrinks them", "l1"),
        ("L2 gives exact zeros and L1 only shrinks them", "l2"),
        ("L1 rather than L2 gives exact zeros", "l1"),  # a foil is not what the value is said of
        ("L1 unlike L2 gives sparse weights", "l1"),
        ("L2 rather than L1 gives exact zeros", "l2"),
        ("sparse weights come from L1 and not from L2", "l1"),  # the negation sets L2 aside
        ("sparse weights come from L2 and not from L1", "l2"),
        ("L1 比 L2 更容易产生稀疏解", "l1"),
        ("L2 而不是 L1 产生稀疏解", "l2"),
        ("L1 得到稀疏解而 L2 只会缩小权重", "l1"),
        ("岭回归会得到稀疏解，L1 只会缩小权重", "l2"),
        ("Ridge gives sparse weights", "l2"),
        ("It gives sparse weights", None),
    ],
)
def test_a_value_is_said_of_one_role_and_not_of_the_other(answer, said_of):
    reader = Reader(Answer(answer), SPARSE)
    assert (reader.find("l1 ~ zero - l2 ~ zero") is not None) == (said_of == "l1")
    assert (reader.find("l2 ~ zero - l1 ~ zero") is not None) == (said_of == "l2")


PRIORS = {
    **SPARSE,
    "laplace": {"en": ("laplace",), "zh": ("拉普拉斯",)},
    "gaussian": {"en": ("gaussian",), "zh": ("高斯",)},
    "zero": {"en": ("exact zeros", "sparse", "sparsity"), "zh": ("稀疏",)},
    "shrink": {"en": ("shrinkage",), "zh": ("缩小",)},
}


@pytest.mark.parametrize(
    "answer, claim, made",
    [
        # the roles are objects of a verb with its own subject: values first, each bound after
        ("A Laplace prior gives L1 and a Gaussian prior gives L2", "l2 ~ gaussian", True),
        (
            "A Laplace prior gives L1 and a Gaussian prior gives L2",
            "l1 ~ gaussian - l2 ~ gaussian",
            False,
        ),
        ("Shrinkage comes from L2 and sparsity from L1", "l1 ~ zero - l2 ~ zero", True),
        ("Shrinkage comes from L2 and sparsity from L1", "l2 ~ zero - l1 ~ zero", False),
        ("拉普拉斯先验对应 L1、高斯先验对应 L2", "l2 ~ gaussian - l1 ~ gaussian", True),
        ("拉普拉斯先验对应 L1、高斯先验对应 L2", "l1 ~ gaussian - l2 ~ gaussian", False),
        # a pronoun or an opening phrase is no such subject: roles first
        ("We use L1 for sparsity and L2 for shrinkage", "l1 ~ zero - l2 ~ zero", True),
        ("We use L1 for sparsity and L2 for shrinkage", "l2 ~ zero - l1 ~ zero", False),
        (
            "In the Bayesian view L1 is MAP under a Laplace prior and L2 under a Gaussian one",
            "l2 ~ gaussian - l1 ~ gaussian",
            True,
        ),
        (
            "In the Bayesian view L1 is MAP under a Laplace prior and L2 under a Gaussian one",
            "l1 ~ gaussian - l2 ~ gaussian",
            False,
        ),
        ("What makes L1 sparse is its corner", "l1 ~ zero - l2 ~ zero", True),  # none after
    ],
)
def test_which_side_a_value_binds_to(answer, claim, made):
    assert (Reader(Answer(answer), PRIORS).find(claim) is not None) == made


def test_a_role_in_a_clause_that_opens_with_when_is_its_subject():
    answer = "BN gives the identity when gamma is set to the std and beta to the mean"
    assert Reader(Answer(answer), ROLES).find("gamma ~ std + beta ~ mean") is not None
    swapped = answer.replace("std", "X").replace("mean", "std").replace("X", "mean")
    assert Reader(Answer(swapped), ROLES).find("gamma ~ std + beta ~ mean") is None


AFFINE = {
    **ROLES,
    **SPARSE,
    "scale": {"en": ("scale", "scales", "multiplies"), "zh": ("缩放",)},
    "shift": {"en": ("shift", "shifts", "adds"), "zh": ("平移",)},
    "training": {"en": ("training",), "zh": ("训练",)},
    "inference": {"en": ("inference",), "zh": ("推理",)},
    "running": {"en": ("running statistics",), "zh": ("移动平均",)},
    "batch": {"en": ("batch statistics",), "zh": ("本批统计量",)},
}


@pytest.mark.parametrize(
    "answer, made, unmade",
    [
        # roles named together: neither is said to do one thing, unless "respectively"
        (
            "γ and β scale and shift each channel",
            [],
            ["gamma ~ scale - beta ~ scale", "beta ~ scale - gamma ~ scale"],
        ),
        (
            "γ 和 β 缩放和平移每个通道",
            [],
            ["gamma ~ scale - beta ~ scale", "beta ~ scale - gamma ~ scale"],
        ),
        (
            "γ and β respectively scale and shift",
            ["gamma ~ scale + beta ~ shift"],
            ["beta ~ scale + gamma ~ shift"],
        ),
        (
            "γ 和 β 分别负责平移和缩放",
            ["gamma ~ shift + beta ~ scale"],
            ["gamma ~ scale + beta ~ shift"],
        ),
        (
            "BN returns x when gamma and beta are respectively the mean and the std",
            ["gamma ~ mean + beta ~ std"],
            ["gamma ~ std + beta ~ mean"],
        ),
        # "both" says it of each
        ("L1 and L2 both shrink weights", ["l2 ~ shrink - l1 ~ shrink"], []),
        ("L1 和 L2 都会缩小权重", ["l2 ~ shrink - l1 ~ shrink", "l1 ~ shrink - l2 ~ shrink"], []),
        ("L1 and L2 shrink weights", [], ["l2 ~ shrink - l1 ~ shrink"]),
        # a value set aside is said of no role
        (
            "At inference BN uses the running statistics rather than the batch statistics",
            ["inference ~ running - training ~ running"],
            ["inference ~ batch"],
        ),
        ("推理时用移动平均而不是本批统计量", ["inference ~ running"], ["inference ~ batch"]),
    ],
)
def test_roles_named_together_and_values_set_aside(answer, made, unmade):
    reader = Reader(Answer(answer), AFFINE)
    assert [c for c in made if reader.find(c) is None] == []
    assert [c for c in unmade if reader.find(c) is not None] == []


def test_a_negated_aside_lets_the_subject_join_its_verb():
    assert texts("Running statistics, not batch statistics, are used at inference.") == [
        "Running statistics are used at inference",
        "not batch statistics",
    ]
    assert [c.negations for c in split_clauses("γ 和 β 分别负责缩放和平移")] == [0]  # 分别


def test_one_wrong_chinese_character_is_forgiven_only_in_a_long_chinese_term():
    concepts = {"axis": {"en": ("batch axis",), "zh": ("batch维",)}, **CONCEPTS}
    assert Reader(Answer("LN 依赖 batch 大小"), concepts).find("axis") is None  # batch维/batch大
    concepts = {"running": {"en": ("running mean",), "zh": ("指数移动平均值",)}, **CONCEPTS}
    assert Reader(Answer("推理时用指数滑动平均值"), concepts).find("running") is not None


def test_short_chinese_predicates_between_symbols_and_contrasts():
    assert texts("CNN 用 LayerNorm，Transformer 用 BatchNorm") == [
        "CNN 用 LayerNorm",
        "Transformer 用 BatchNorm",
    ]
    assert all(c.statement for c in split_clauses("CNN 用 LayerNorm，Transformer 用 BatchNorm"))
    assert texts("和 LN 不同，BN 推理时需要移动平均") == ["和 LN 不同", "BN 推理时需要移动平均"]
    assert texts("The lasso, unlike ridge, sets weights to zero") == [
        "The lasso sets weights to zero",
        "unlike ridge",
    ]


def test_an_unpaired_role_is_parsed_and_named():
    claim = parse_claim("l1 ~ zero - l2 ~ zero - ln")
    assert claim.required == ("l1", "zero") and claim.excluded == ("ln",)
    assert claim.pairs == (("l1", "zero"),) and claim.unpaired == (("l2", "zero"),)
    assert set(claim.names) == {"l1", "zero", "l2", "ln"}
    assert "unknown concept 'l9'" in check_claim("l1 ~ zero - l9 ~ zero", SPARSE)


@pytest.mark.parametrize(
    "answer, statement",
    [
        ("取 γ 为标准差", True),
        ("设 γ 为 batch 标准差", True),
        ("令 β 为均值", True),
        ("β 为均值", True),
        ("γ 取标准差", True),
        ("把 γ 当作标准差", True),
        ("γ 负责缩放", True),
        ("L1 惩罚为绝对值之和", True),
        ("因为拉普拉斯先验", False),  # 因为 is "because", not a copula
        ("推理时", False),
        ("均值、方差、批维度、γ、β", False),
    ],
)
def test_chinese_statements_that_give_a_value(answer, statement):
    assert [c.statement for c in split_clauses(answer)] == [statement]


def test_two_short_chinese_statements_are_not_a_list():
    clauses = split_clauses("γ 取标准差，β 取均值")
    assert [c.text for c in clauses] == ["γ 取标准差", "β 取均值"]
    assert all(c.statement for c in clauses)


@pytest.mark.parametrize(
    "right, swapped",
    [
        (
            "取 γ 为标准差，β 为均值，BN 就原样输出输入。",
            "取 γ 为均值，β 为标准差，BN 就原样输出输入。",
        ),
        (
            "要让 BN 变成恒等映射，取 γ 为标准差，β 为均值。",
            "要让 BN 变成恒等映射，取 γ 为均值，β 为标准差。",
        ),
        (
            "设 γ 为 batch 标准差、β 为 batch 均值，BN 输出等于输入。",
            "设 γ 为 batch 均值、β 为 batch 标准差，BN 输出等于输入。",
        ),
        ("令 γ 为标准差，β 为均值，就得到恒等映射。", "令 γ 为均值，β 为标准差，就得到恒等映射。"),
        (
            "把 γ 设为标准差，β 设为均值，BN 就退化为恒等变换。",
            "把 γ 设为均值，β 设为标准差，BN 就退化为恒等变换。",
        ),
        ("BN 原样输出的条件：γ 取标准差，β 取均值。", "BN 原样输出的条件：γ 取均值，β 取标准差。"),
    ],
)
def test_gamma_and_beta_given_their_values_in_chinese(right, swapped):
    card = load_deck().get("bn-params")
    scale = "γ 负责缩放，β 负责平移。"
    switch_off = next(p for p in card.key_points if "switches itself off" in p.text("en"))
    result = check_typed(card, scale + right)
    assert switch_off in result.hit and not result.contradictions, right
    assert result.suggested >= 3
    result = check_typed(card, scale + swapped)
    assert switch_off not in result.hit and result.suggested == 1, swapped
    assert any("γ = μ_B" in c.wrong("en") for c in result.contradictions)


def test_the_gamma_beta_swap_is_named_and_never_credited():
    card = load_deck().get("bn-params")
    answer = (
        "γ scales each channel and β shifts it: y = γz + β. BN returns its input when gamma "
        "is set to the batch mean and beta to the batch standard deviation."
    )
    result = check_typed(card, answer)
    assert result.suggested <= 2
    assert result.contradictions
    right = answer.replace("batch mean", "X").replace("batch standard deviation", "batch mean")
    result = check_typed(card, right.replace("X", "batch standard deviation"))
    assert result.suggested >= 3 and not result.contradictions


@pytest.mark.parametrize(
    "bad",
    ["", "+ a", "a +", "a b", "A + b", "not:", "a + + b", "~ a", "a ~", "a ~ b ~ c", "- a ~ b"],
)
def test_bad_claims_are_refused(bad):
    with pytest.raises(ClaimError):
        parse_claim(bad)


def test_a_claim_naming_an_unknown_concept_is_a_card_error(tmp_path):
    from quizzer.deck import DeckError, load_card_file

    path = tmp_path / "x.yaml"
    path.write_text(
        GOOD.replace("claims: [inference]\n", "claims: [inference + nonesuch]\n"), encoding="utf-8"
    )
    with pytest.raises(DeckError) as info:
        load_card_file(path)
    assert "20: key_points[1].claims[0]: 'inference + nonesuch': unknown concept 'nonesuch'" in str(
        info.value
    )


# -- the examples on the real cards --------------------------------------------------

GAMED = [
    ("l1-sparsity", "diamond, corner, contour, Laplace prior, MAP, sharp peak"),
    (
        "bn-vs-ln",
        "LayerNorm normalizes each channel across the batch. For Transformers you use BatchNorm.",
    ),
    ("batchnorm", "BatchNorm normalizes each sample over its own features, not over the batch."),
    ("l2", "L2 drives weights exactly to zero, L1 only shrinks them."),
    ("bn-recsys", "就算有 NaN，先乘以掩码也就消掉了。"),
    (
        "bn-params",
        "γ is the shift and β the scale: BN is the identity when γ is the batch mean and β the std.",
    ),
    (
        "dropout",
        "At test time we multiply the activations by p, and at inference units are still dropped.",
    ),
    ("bn-inference", "At inference BN normalizes with the statistics of the incoming batch."),
    (  # terms strung together behind one verb
        "dropout",
        "Dropout is random mask drop probability p training inference identity co-adaptation "
        "ensemble inverted dropout 1/(1-p) expectation elementwise same mask gradient.",
    ),
    (
        "bn-inference",
        "BN is running mean inference batch statistics training EMA momentum unbiased affine "
        "fold output channel deterministic batch size 1.",
    ),
    (
        "bn-inference",
        "BN是移动平均推理批统计量训练指数移动平均动量无偏仿射融合输出通道确定性batch为1",
    ),
]


def test_one_clause_makes_at_most_two_points():
    card = load_deck().get("dropout")
    answer = (
        "In training each unit is zeroed with probability p and the survivors are divided by 1 − p "
        "so that the expectation is unchanged, which also prevents co-adaptation"
    )
    result = check_typed(card, answer)
    per_clause = Counter(h.clause for h in result.evidence)
    assert len(result.hit) >= 2 and max(per_clause.values()) == 2


@pytest.mark.parametrize("card_id, answer", GAMED)
def test_gamed_answers_get_again(card_id, answer):
    result = check_typed(load_deck().get(card_id), answer)
    assert result.suggested == 1, (result.reason, [p.text.en for p in result.hit])


@pytest.mark.parametrize(
    "card_id, answer, wrong",
    [
        ("l2", "L2 drives weights exactly to zero, L1 only shrinks them.", "exactly to 0"),
        ("bn-recsys", "就算有 NaN，先乘以掩码也就消掉了。", "乘以掩码"),
        (
            "bn-vs-ln",
            "LayerNorm normalizes each channel across the batch.",
            "LN normalises each feature",
        ),
        ("dropout", "At test time we multiply the activations by p.", "multiplied by p"),
        ("dropout", "测试时要把权重乘以 p。", "乘以 p"),
    ],
)
def test_a_wrong_statement_is_named_and_corrected(card_id, answer, wrong):
    result = check_typed(load_deck().get(card_id), answer)
    assert result.contradictions and result.suggested == 1
    found = result.contradictions[0]
    assert wrong in found.wrong.en + found.wrong.zh and found.why.en and found.why.zh
    assert all(part in answer for part in found.statement.split())


@pytest.mark.parametrize(
    "card_id, answer",
    [
        (
            "dropout",
            "the gradient flows through them: dropped units get zero gradient, the kept ones "
            "get it scaled by 1/(1−p), and inference is the identity since E[x'] = x.",
        ),
        (
            "l2",
            "L2 adds λ‖w‖², so the gradient is 2λw; weights shrink but never become exactly zero.",
        ),
        (
            "l1",
            "L1 adds the sum of |w|; its subgradient λ·sign(w) pulls with constant force, so weights become exactly zero.",
        ),
    ],
)
def test_own_words_are_credited(card_id, answer):
    assert check_typed(load_deck().get(card_id), answer).suggested >= 3


def test_the_reasoning_view_shows_evidence_misses_corrections_and_why():
    from quizzer.render.typed import typed_view

    card = load_deck().get("bn-vs-ln")
    answer = "BN normalizes each channel across the batch. LayerNorm normalizes each channel across the batch."
    from quizzer.render import console as make_console

    console = make_console(file=io.StringIO(), width=80)
    console.print(typed_view(check_typed(card, answer), "en"))
    out = console.file.getvalue()
    assert "✓ [core] BN normalises each channel across the batch" in out
    assert "you said: “BN normalizes each channel across the batch”" in out
    assert "✗ [core] LN normalises each sample" in out
    assert "Wrong statements" in out and "correction:" in out
    assert "Why again:" in out


def _wrong_statements():
    for card in load_deck():
        for i, _ in enumerate(card.wrong_statements()):
            for lang in ("en", "zh"):
                yield pytest.param(card.id, i, lang, id=f"{card.id}-{i}-{lang}")


@pytest.mark.parametrize("card_id, index, lang", list(_wrong_statements()))
def test_every_wrong_statement_a_card_lists_is_caught_when_typed(card_id, index, lang):
    """A distractor (or misconception) typed as an answer is named, with its correction."""
    card = load_deck().get(card_id)
    wrong = card.wrong_statements()[index]
    result = check_typed(card, wrong.text(lang))
    assert wrong.text in [c.wrong for c in result.contradictions]
    assert result.suggested == 1


def test_a_negation_in_a_condition_denies_nothing():
    for answer in (
        "如果不做缩放，训练时 E[x'] = (1-p)x",
        "If we do not rescale, the expectation is (1-p)x",
    ):
        assert [c.denial for c in split_clauses(answer)][0] is None, answer
    assert split_clauses("BN does not use running statistics")[0].denial is not None
