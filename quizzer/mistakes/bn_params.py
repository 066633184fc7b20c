"""Classic wrong answers to ``bn-params`` (card 9), as runnable variants of the reference."""

from __future__ import annotations

import numpy as np

from quizzer.challenges import reference
from quizzer.suites.base import mistake

CARD = "bn-params"


def _params(error):
    def bn_identity_params(x, eps=1e-5):
        reference(CARD).bn_identity_params(x, eps)  # the same ValueErrors
        x = np.asarray(x)
        axes = (0, *range(2, x.ndim))
        mean = x.mean(axis=axes)
        var = x.var(axis=axes, ddof=1 if error == "unbiased" else 0)
        if error == "swapped":
            return mean, np.sqrt(var + eps)
        if error == "no-eps":
            return np.sqrt(var), mean
        if error == "variance":
            return var + eps, mean
        return np.sqrt(var + eps), mean

    return {"bn_identity_params": bn_identity_params}


def _mistake(slug, name, en, zh, error, *, name_zh, signature=()):
    return mistake(CARD, slug, name, en, zh, name_zh=name_zh, signature=signature, **_params(error))


MISTAKES = [
    _mistake(
        "gamma-beta-swapped",
        "gamma = mean and beta = std (the source write-up's own wording)",
        "The source write-up says BN switches itself off when gamma and beta take the data's mean and "
        "standard deviation 'respectively', which is the wrong way round. gamma multiplies "
        "x_hat, so it must undo the division: gamma = sqrt(var + eps); beta is added, so it "
        "must undo the centring: beta = mean. See card bn-params (its notes correct the seed).",
        "原文说 gamma、beta「分别」取数据的均值和标准差时 BN 关闭自身，这个对应关系写反了。gamma "
        "乘在 x_hat 上，要抵消除法，所以 gamma = sqrt(var + eps)；beta 是加上去的，要抵消减均值，"
        "所以 beta = mean。见卡片 bn-params（其 notes 纠正了原文）。",
        "swapped",
        name_zh="gamma = mean、beta = std（原文自己的说法）",
        signature=("gamma, eps=1e-5", "beta, eps=1e-5"),
    ),
    _mistake(
        "std-without-eps",
        "gamma = sqrt(var), forgetting eps",
        "BN divides by sqrt(var + eps), not by the standard deviation itself, so only "
        "gamma = sqrt(var + eps) undoes it exactly; with gamma = sqrt(var) the output is x "
        "shrunk towards the mean by sqrt(var / (var + eps)), badly so for a channel of small "
        "variance. See card bn-params.",
        "BN 除以的是 sqrt(var + eps) 而不是标准差本身，所以只有 gamma = sqrt(var + eps) 才能精确"
        "抵消；gamma = sqrt(var) 时输出是 x 向均值收缩 sqrt(var / (var + eps)) 倍，方差小的通道尤其"
        "明显。见卡片 bn-params。",
        "no-eps",
        name_zh="gamma = sqrt(var)，漏了 eps",
    ),
    _mistake(
        "variance-not-std",
        "gamma = var + eps instead of its square root",
        "BN divides by the standard deviation sqrt(var + eps), so gamma must be that standard "
        "deviation; the variance var + eps rescales the channel by sqrt(var + eps). See card "
        "bn-params.",
        "BN 除以的是标准差 sqrt(var + eps)，所以 gamma 必须是这个标准差；用方差 var + eps 会把该"
        "通道再放大 sqrt(var + eps) 倍。见卡片 bn-params。",
        "variance",
        name_zh="gamma = var + eps，没有开平方",
        signature=("gamma, eps=1e-5",),
    ),
    _mistake(
        "unbiased-std",
        "gamma from the unbiased variance (divides by m - 1)",
        "BN normalises with the biased batch variance (divide by m), so gamma must undo exactly "
        "that: sqrt(var_biased + eps). np.std(..., ddof=1) or torch.std's default gives the "
        "unbiased one, a factor sqrt(m / (m - 1)) too large. See card bn-params (and card "
        "batchnorm).",
        "BN 用有偏的 batch 方差（除以 m）归一化，gamma 必须正好抵消它：sqrt(var_biased + eps)。"
        "np.std(..., ddof=1) 或 torch.std 的默认值给出的是无偏方差，大了 sqrt(m / (m - 1)) 倍。"
        "见卡片 bn-params（以及卡片 batchnorm）。",
        "unbiased",
        name_zh="gamma 用了无偏方差（除以 m - 1）",
        signature=("gamma, eps=1e-5",),
    ),
]
