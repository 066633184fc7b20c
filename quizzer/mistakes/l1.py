"""Classic wrong answers to the ``l1`` challenge (L1 penalty and subgradient)."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import mistake

CARD = "l1"


def _check(lam):
    if lam < 0:
        raise ValueError("lam must be >= 0")


def subgradient_plus_minus_at_zero(w, lam):
    _check(lam)
    w = np.asarray(w, dtype=np.float64)
    return np.where(w >= 0, lam, -lam)  # +lam at w == 0


def subgradient_nan_at_zero(w, lam):
    _check(lam)
    w = np.asarray(w, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return lam * w / np.abs(w)  # 0/0 = nan at w == 0


def subgradient_without_lam(w, lam):
    _check(lam)
    return np.sign(np.asarray(w, dtype=np.float64))


def penalty_abs_of_sum(w, lam):
    _check(lam)
    return lam * abs(float(np.sum(w)))  # |sum w| instead of sum |w|


def penalty_squared(w, lam):
    _check(lam)
    w = np.asarray(w, dtype=np.float64)
    return lam * float(np.sum(w**2))  # that is the L2 penalty


def penalty_mean(w, lam):
    _check(lam)
    return lam * float(np.mean(np.abs(w)))


def penalty_no_validation(w, lam):
    return lam * float(np.sum(np.abs(np.asarray(w, dtype=np.float64))))


def subgradient_no_validation(w, lam):
    return lam * np.sign(np.asarray(w, dtype=np.float64))


def _m(slug, name, en, zh, *, name_zh, **functions):
    return mistake(CARD, slug, name, en, zh, name_zh=name_zh, **functions)


MISTAKES = [
    _m(
        "plus-minus-lam-at-zero",
        "Subgradient ±lam at w = 0",
        "np.where(w >= 0, lam, -lam) gives +lam at w = 0. Any value in [-lam, lam] is a valid "
        "subgradient there, but the contract asks for the minimum-norm one, 0: it is what keeps a "
        "weight that sits at 0 from being pushed away by the penalty itself. See card l1.",
        "np.where(w >= 0, lam, -lam) 在 w = 0 处给出 +lam。那里 [-lam, lam] 中任何值都是合法的次梯度，"
        "但题目要求最小范数的那个，即 0：这样停在 0 的权重不会被惩罚项自己推开。见卡片 l1。",
        name_zh="w = 0 处次梯度取 ±lam",
        l1_subgradient=subgradient_plus_minus_at_zero,
    ),
    _m(
        "nan-at-zero",
        "Subgradient w/|w|: nan at w = 0",
        "sign(w) written as w/|w| is 0/0 = nan at w = 0, and a single nan poisons every later "
        "update. np.sign(w) is 0 at 0, the minimum-norm subgradient. See card l1.",
        "把 sign(w) 写成 w/|w|，在 w = 0 处是 0/0 = nan，一个 nan 会污染之后所有的更新。np.sign(w) 在 0 处为 0，"
        "正是最小范数次梯度。见卡片 l1。",
        name_zh="次梯度写成 w/|w|：w = 0 处为 nan",
        l1_subgradient=subgradient_nan_at_zero,
    ),
    _m(
        "subgradient-without-lam",
        "Subgradient without the factor lam",
        "d/dw (lam·|w|) = lam·sign(w): the strength multiplies the subgradient too. See card l1.",
        "d/dw (lam·|w|) = lam·sign(w)：正则强度同样要乘到次梯度上。见卡片 l1。",
        name_zh="次梯度漏乘 lam",
        l1_subgradient=subgradient_without_lam,
    ),
    _m(
        "abs-of-sum",
        "|sum w| instead of sum |w|",
        "The L1 norm sums the absolute values; |sum w| lets positive and negative weights cancel, "
        "so large weights of opposite signs go unpenalised. See card l1.",
        "L1 范数是绝对值之和；|sum w| 会让正负权重相互抵消，符号相反的大权重得不到惩罚。见卡片 l1。",
        name_zh="用 |sum w| 代替 sum |w|",
        l1_penalty=penalty_abs_of_sum,
    ),
    _m(
        "squared",
        "L1 penalty computed with squares",
        "lam·sum w² is the L2 penalty; L1 is lam·sum |w|, linear in each |w_i|, which is why it keeps "
        "pushing small weights all the way to zero. See card l1.",
        "lam·sum w² 是 L2 惩罚；L1 是 lam·sum |w|，对每个 |w_i| 是线性的，所以它会一直把小权重推到 0。见卡片 l1。",
        name_zh="L1 惩罚用了平方",
        l1_penalty=penalty_squared,
    ),
    _m(
        "mean",
        "Mean instead of sum",
        "The penalty is lam·sum|w_i| (section 2 of the source write-up); a mean divides lam by the number of weights, "
        "so the same lam regularises a large layer much less. See card l1.",
        "惩罚是 lam·sum|w_i|（原文第 2 节）；取平均相当于把 lam 除以参数个数，同样的 lam 对大层的正则弱得多。见卡片 l1。",
        name_zh="求平均而不是求和",
        l1_penalty=penalty_mean,
    ),
    _m(
        "no-validation",
        "Negative lam accepted",
        "A negative strength rewards large weights instead of penalising them; raise ValueError. See card l1.",
        "负的正则强度会奖励大权重而不是惩罚；应抛出 ValueError。见卡片 l1。",
        name_zh="接受了负的 lam",
        l1_penalty=penalty_no_validation,
        l1_subgradient=subgradient_no_validation,
    ),
]
