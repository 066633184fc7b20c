"""Classic wrong answers to ``bn-inference`` (card 8), as runnable variants of the reference.

Each wrong function first calls the reference (same ValueErrors), then computes
its answer with exactly one classic error.
"""

from __future__ import annotations

import numpy as np

from quizzer.challenges import reference
from quizzer.suites.base import mistake

CARD = "bn-inference"


def _ref():
    return reference(CARD)


def _update(*, ddof=1, flipped=False):
    def update_running_stats(running_mean, running_var, x, momentum=0.1):
        _ref().update_running_stats(running_mean, running_var, x, momentum)
        x = np.asarray(x)
        axes = (0, *range(2, x.ndim))
        keep, new = (momentum, 1 - momentum) if flipped else (1 - momentum, momentum)
        mean = keep * np.asarray(running_mean) + new * x.mean(axis=axes)
        var = keep * np.asarray(running_var) + new * x.var(axis=axes, ddof=ddof)
        return mean.astype(x.dtype), var.astype(x.dtype)

    return update_running_stats


def _eval_with_batch_statistics(x, gamma, beta, running_mean, running_var, eps=1e-5):
    _ref().batchnorm_inference(x, gamma, beta, running_mean, running_var, eps)
    x = np.asarray(x)
    axes = (0, *range(2, x.ndim))
    bshape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    x_hat = (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    return (x_hat * np.reshape(gamma, bshape) + np.reshape(beta, bshape)).astype(x.dtype)


def _fold(error):
    def fold_batchnorm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
        _ref().fold_batchnorm(W, b, gamma, beta, running_mean, running_var, eps)
        W = np.asarray(W)
        b = np.zeros(W.shape[0], W.dtype) if b is None else np.asarray(b)
        gamma, beta = np.asarray(gamma), np.asarray(beta)
        mean, var = np.asarray(running_mean), np.asarray(running_var)
        scale = gamma / np.sqrt(var) if error == "no-eps" else gamma / np.sqrt(var + eps)
        if error == "input-axis":  # scales W's columns (only broadcasts when in == out)
            W_folded = W * scale.reshape((1, -1) + (1,) * (W.ndim - 2))
        else:
            W_folded = W * scale.reshape((-1,) + (1,) * (W.ndim - 1))
        if error == "no-mean-shift":
            b_folded = b * scale + beta
        elif error == "bias-not-scaled":
            b_folded = b - mean * scale + beta
        else:
            b_folded = (b - mean) * scale + beta
        return W_folded.astype(W.dtype), b_folded.astype(W.dtype)

    return fold_batchnorm


def _mistake(slug, name, en, zh, *, name_zh, **functions):
    return mistake(CARD, slug, name, en, zh, name_zh=name_zh, **functions)


MISTAKES = [
    _mistake(
        "running-var-biased",
        "puts the biased batch variance into the running variance",
        "The running variance estimates the variance of the whole training distribution, so "
        "each batch contributes its unbiased variance, sum((x - mean)^2) / (m - 1) (the source write-up's "
        "Var[x] = m/(m-1) E[sigma_B^2]); PyTorch does the same. The biased variance (divide by "
        "m) is only for normalising the batch itself. See card bn-inference.",
        "移动方差估计的是整个训练分布的方差，所以每个 batch 贡献的是无偏方差 sum((x - mean)^2) / "
        "(m - 1)（即原文的 Var[x] = m/(m-1) E[sigma_B^2]），PyTorch 也是如此。有偏方差（除以 m）"
        "只用于归一化当前 batch。见卡片 bn-inference。",
        name_zh="把 batch 的有偏方差累积进移动方差",
        update_running_stats=_update(ddof=0),
    ),
    _mistake(
        "momentum-flipped",
        "flips the momentum convention: new = momentum * old + (1 - momentum) * batch",
        "In PyTorch's convention, momentum is the weight of the NEW batch: new = (1 - momentum) * "
        "old + momentum * batch, so with the default 0.1 the running statistics move 10% of the "
        "way towards each batch. Keras (and the usual EMA notation) calls 0.99 'momentum' for "
        "the weight of the OLD value; mixing the two makes the running statistics chase every "
        "batch. See card bn-inference.",
        "在 PyTorch 的约定里，momentum 是新 batch 的权重：new = (1 - momentum) * old + momentum * "
        "batch，默认 0.1 时每个 batch 让移动统计量向它靠近 10%。Keras（以及常见的 EMA 写法）把旧值的"
        "权重 0.99 叫 momentum；两种约定混用会让移动统计量追着每个 batch 跑。见卡片 bn-inference。",
        name_zh="momentum 约定用反了：new = momentum * old + (1 - momentum) * batch",
        update_running_stats=_update(flipped=True),
    ),
    _mistake(
        "eval-batch-statistics",
        "normalises with the batch's own statistics in eval mode",
        "In eval mode BN uses the running mean and variance accumulated during training, never "
        "the statistics of the batch at hand: otherwise a sample's prediction depends on the "
        "other samples of its batch, a batch of one sample gives beta whatever it holds, and "
        "the layer is not the fixed affine map that can be folded. See card bn-inference.",
        "推理（eval）模式下 BN 使用训练时累积的移动均值和方差，绝不用当前 batch 的统计量：否则一个"
        "样本的预测会依赖同一 batch 的其他样本，单样本 batch 无论输入什么都输出 beta，而且这一层也"
        "不再是可以融合进权重的固定仿射变换。见卡片 bn-inference。",
        name_zh="eval 模式下用当前 batch 自身的统计量归一化",
        batchnorm_inference=_eval_with_batch_statistics,
    ),
    _mistake(
        "fold-no-mean-shift",
        "folds the bias as b * scale + beta, without subtracting the running mean",
        "Eval BN computes gamma * (y - running_mean) / sqrt(running_var + eps) + beta on the "
        "layer output y = Wx + b, so b_folded = (b - running_mean) * scale + beta: the source write-up's "
        "beta - gamma * E[x] / sqrt(Var[x] + eps) term. Dropping -running_mean * scale shifts "
        "every output. See card bn-inference.",
        "推理时 BN 对层输出 y = Wx + b 计算 gamma * (y - running_mean) / sqrt(running_var + eps) + "
        "beta，所以 b_folded = (b - running_mean) * scale + beta，对应原文的 beta - gamma * E[x] / "
        "sqrt(Var[x] + eps)。漏掉 -running_mean * scale 会让所有输出整体偏移。见卡片 bn-inference。",
        name_zh="融合偏置时写成 b * scale + beta，没有减去移动均值",
        fold_batchnorm=_fold("no-mean-shift"),
    ),
    _mistake(
        "fold-input-axis",
        "scales W's input axis (columns) instead of its output axis (rows)",
        "BN normalises the layer's OUTPUT channels, so output channel o (row o of a Linear "
        "weight (out, in), or W[o] of a Conv weight) is multiplied by scale[o]: "
        "W * scale[:, None]. W * scale[None, :] scales the inputs instead; it only runs when "
        "in == out, and then gives wrong outputs. See card bn-inference.",
        "BN 归一化的是该层的输出通道，因此第 o 个输出通道（Linear 权重 (out, in) 的第 o 行，或 Conv "
        "权重的 W[o]）乘以 scale[o]：W * scale[:, None]。W * scale[None, :] 缩放的是输入，只有 in == "
        "out 时才能运行，而且结果是错的。见卡片 bn-inference。",
        name_zh="缩放的是 W 的输入维（列），而不是输出维（行）",
        fold_batchnorm=_fold("input-axis"),
    ),
    _mistake(
        "fold-bias-not-scaled",
        "adds the layer's bias unscaled: b - running_mean * scale + beta",
        "The layer's bias is part of the output that BN normalises, so it is scaled like the "
        "rest: b_folded = (b - running_mean) * scale + beta, not b + beta - running_mean * "
        "scale. See card bn-inference.",
        "该层的偏置也是 BN 归一化对象的一部分，需要一起缩放：b_folded = (b - running_mean) * scale + "
        "beta，而不是 b + beta - running_mean * scale。见卡片 bn-inference。",
        name_zh="该层偏置未经缩放直接相加：b - running_mean * scale + beta",
        fold_batchnorm=_fold("bias-not-scaled"),
    ),
    _mistake(
        "fold-no-eps",
        "folds with gamma / sqrt(running_var), forgetting eps",
        "Eval BN divides by sqrt(running_var + eps), so the folded scale is gamma / "
        "sqrt(running_var + eps). Without eps the folded layer no longer equals the BN it "
        "replaces, and a channel with zero running variance divides by 0. See card "
        "bn-inference.",
        "推理时 BN 除以 sqrt(running_var + eps)，所以融合后的缩放系数是 gamma / sqrt(running_var + "
        "eps)。漏掉 eps 后融合层与原来的 BN 不再等价，移动方差为 0 的通道还会除以 0。见卡片 "
        "bn-inference。",
        name_zh="融合时用 gamma / sqrt(running_var)，漏了 eps",
        fold_batchnorm=_fold("no-eps"),
    ),
]
