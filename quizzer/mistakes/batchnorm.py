"""Classic wrong answers to ``batchnorm`` (card 7), as runnable variants of the reference.

Every variant is a complete forward/backward pair built by ``_batchnorm``: a
plain float64 BatchNorm with one switch flipped, whose backward pass is the
exact gradient of its own (wrong) forward unless the mistake is in the backward.
"""

from __future__ import annotations

import numpy as np

from quizzer.cards import Text
from quizzer.challenges import reference
from quizzer.suites.base import Mistake

CARD = "batchnorm"


def _batchnorm(*, ddof=0, stats="batch", eps_mode="inside", swap=False, backward="exact"):
    """A (forward, backward) pair with one classic error switched on."""

    @np.errstate(all="ignore")
    def forward(x, gamma, beta, eps=1e-5):
        reference(CARD).batchnorm_forward(x, gamma, beta, eps)  # the same ValueErrors
        x = np.asarray(x)
        dtype = x.dtype if x.dtype.kind == "f" else np.float64
        x64 = x.astype(np.float64)
        if stats == "per-sample":
            axes = tuple(range(1, x.ndim))
        elif stats == "axis-0":
            axes = (0,)
        else:
            axes = (0, *range(2, x.ndim))
        m = int(np.prod([x.shape[a] for a in axes]))
        centred = x64 - x64.mean(axis=axes, keepdims=True)
        var = (centred**2).sum(axis=axes, keepdims=True) / (m - ddof)
        if eps_mode == "inside":
            std, dstd_dvar = np.sqrt(var + eps), 0.5 / np.sqrt(var + eps)
        elif eps_mode == "outside":
            std, dstd_dvar = np.sqrt(var) + eps, 0.5 / np.sqrt(var)
        else:
            std = np.sqrt(var)
            dstd_dvar = 0.5 / std
        bshape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        scale = np.asarray(beta if swap else gamma, dtype=np.float64).reshape(bshape)
        shift = np.asarray(gamma if swap else beta, dtype=np.float64).reshape(bshape)
        x_hat = centred / std
        out = (x_hat * scale + shift).astype(dtype)
        return out, (centred, std, dstd_dvar, x_hat, scale, axes, m - ddof, dtype)

    @np.errstate(all="ignore")
    def backward_(dout, cache):
        centred, std, dstd_dvar, x_hat, scale, axes, denom, dtype = cache
        dout = np.asarray(dout, dtype=np.float64)
        channel_axes = (0, *range(2, dout.ndim))
        dscale = (dout * x_hat).sum(axis=channel_axes)
        dshift = dout.sum(axis=channel_axes)
        g = dout * scale
        if backward == "constants":
            dx = g / std
        else:
            # d out / d centred: direct term, then through var = sum(centred^2) / denom
            dcentred = g / std - centred * (
                (g * centred).sum(axis=axes, keepdims=True) / std**2 * dstd_dvar * 2 / denom
            )
            if backward == "no-variance-path":
                dcentred = g / std
            dx = dcentred - dcentred.mean(axis=axes, keepdims=True)
        dgamma, dbeta = (dshift, dscale) if swap else (dscale, dshift)
        return dx.astype(dtype), dgamma.astype(dtype), dbeta.astype(dtype)

    return {"batchnorm_forward": forward, "batchnorm_backward": backward_}


MISTAKES = [
    Mistake(
        id="batchnorm-unbiased-variance",
        name="normalises with the unbiased variance (divides by m - 1)",
        name_zh="用无偏方差归一化（除以 m - 1）",
        explanation=Text(
            en="The variance used to normalise the batch is the biased one, mean((x - mu)^2), "
            "dividing by the m values of the channel. Dividing by m - 1 (np.var(..., ddof=1), "
            "torch.var's default) shrinks every output by sqrt((m - 1)/m): the output variance "
            "is no longer 1. The unbiased estimate belongs in the running variance used at "
            "inference. See card batchnorm: the normalisation formula.",
            zh="训练时用于归一化的方差是有偏方差 mean((x - mu)^2)，除以该通道的 m 个值。除以 m - 1"
            "（np.var(..., ddof=1) 或 torch.var 的默认行为）会让输出整体缩小 sqrt((m - 1)/m)，"
            "输出方差不再是 1。无偏估计只用于推理时的滑动方差。见卡片 batchnorm 的归一化公式。",
        ),
        card=CARD,
        functions=_batchnorm(ddof=1),
        signature=("forward (6, 3)", "forward (2, 2, 2, 3)"),
    ),
    Mistake(
        id="batchnorm-per-sample-statistics",
        name="takes the statistics per sample over the features (LayerNorm), not per channel",
        name_zh="按样本在特征上求统计量（即 LayerNorm），而不是按通道",
        explanation=Text(
            en="BatchNorm computes one mean and one variance per channel, over the batch axis "
            "(and the spatial axes): x.mean(axis=0) for (N, C). Averaging each sample over its "
            "features (axis=1) is LayerNorm, which does not depend on the other samples. See "
            "card batchnorm, and card bn-vs-ln for the difference.",
            zh="BatchNorm 对每个通道计算一个均值和方差，统计轴是 batch 轴（以及空间轴）：(N, C) 时"
            "是 x.mean(axis=0)。对每个样本在特征上求均值（axis=1）是 LayerNorm，它与 batch 中其他"
            "样本无关。见卡片 batchnorm，以及卡片 bn-vs-ln 中二者的区别。",
        ),
        card=CARD,
        functions=_batchnorm(stats="per-sample"),
        signature=("forward (6, 3)", "forward (2, 2, 2, 3)"),
    ),
    Mistake(
        id="batchnorm-spatial-axes-ignored",
        name="takes the statistics over axis 0 only, ignoring the spatial axes",
        name_zh="只在 axis 0 上求统计量，忽略了空间维",
        explanation=Text(
            en="For a convolutional feature map (N, C, H, W), BatchNorm shares one mean and "
            "variance per channel over N, H and W (m = N*H*W values), so every position of a "
            "channel is normalised alike. x.mean(axis=0) gives a separate statistic per "
            "(c, h, w) position, from only N values. See card batchnorm.",
            zh="对卷积特征图 (N, C, H, W)，BatchNorm 每个通道在 N、H、W 上共享一个均值和方差"
            "（m = N*H*W 个值），同一通道的所有位置按同一方式归一化。x.mean(axis=0) 会为每个 "
            "(c, h, w) 位置单独统计，只用到 N 个值。见卡片 batchnorm。",
        ),
        card=CARD,
        functions=_batchnorm(stats="axis-0"),
    ),
    Mistake(
        id="batchnorm-eps-dropped",
        name="divides by sqrt(var) without eps",
        name_zh="除以 sqrt(var)，漏了 eps",
        explanation=Text(
            en="The normaliser is sqrt(var + eps). Without eps a constant channel divides 0 by "
            "0 (nan), and a near-constant one blows up its noise; with eps its output is "
            "x_hat = x_c / sqrt(var + eps), slightly smaller than 1 in spread. See card "
            "batchnorm: the normalisation formula.",
            zh="分母是 sqrt(var + eps)。去掉 eps 后，常数通道会出现 0/0（nan），近似常数的通道会把"
            "噪声放大；有 eps 时输出是 x_c / sqrt(var + eps)，方差略小于 1。见卡片 batchnorm 的归一化"
            "公式。",
        ),
        card=CARD,
        functions=_batchnorm(eps_mode="none"),
    ),
    Mistake(
        id="batchnorm-eps-outside-sqrt",
        name="divides by sqrt(var) + eps instead of sqrt(var + eps)",
        name_zh="除以 sqrt(var) + eps，而不是 sqrt(var + eps)",
        explanation=Text(
            en="eps goes inside the square root: (x - mu) / sqrt(var + eps). sqrt(var) + eps is a "
            "different function (with eps = 1 and var = 0.25 it divides by 1.5 instead of "
            "1.118), and its gradient at var = 0 is infinite. See card batchnorm.",
            zh="eps 在平方根里面：(x - mu) / sqrt(var + eps)。sqrt(var) + eps 是另一个函数（eps = 1、"
            "var = 0.25 时分母是 1.5 而不是 1.118），而且在 var = 0 处梯度为无穷大。见卡片 batchnorm。",
        ),
        card=CARD,
        functions=_batchnorm(eps_mode="outside"),
    ),
    Mistake(
        id="batchnorm-backward-constant-statistics",
        name="backward treats the batch mean and variance as constants (dx = dout * gamma / std)",
        name_zh="反向传播把 batch 均值和方差当作常数（dx = dout * gamma / std）",
        explanation=Text(
            en="In training mode the mean and the variance are functions of the batch, so each "
            "input reaches every output of its channel through them. The gradient is "
            "dx = (g - mean(g) - x_hat * mean(g * x_hat)) / sqrt(var + eps) with g = dout * "
            "gamma; dout * gamma / sqrt(var + eps) is the inference-mode gradient, where the "
            "statistics really are constants. See card batchnorm (and card bn-inference).",
            zh="训练模式下均值和方差是 batch 的函数，每个输入都会通过它们影响同一通道的所有输出。正确"
            "梯度是 dx = (g - mean(g) - x_hat * mean(g * x_hat)) / sqrt(var + eps)，其中 g = dout * "
            "gamma；dout * gamma / sqrt(var + eps) 只是推理模式（统计量确实是常数）下的梯度。见卡片 "
            "batchnorm（以及卡片 bn-inference）。",
        ),
        card=CARD,
        functions=_batchnorm(backward="constants"),
    ),
    Mistake(
        id="batchnorm-backward-no-variance-path",
        name="backward forgets the gradient through the variance",
        name_zh="反向传播漏了经过方差的梯度",
        explanation=Text(
            en="The backward pass subtracts mean(g) (the path through the mean) but not "
            "x_hat * mean(g * x_hat), the path through the variance. A check: scaling a "
            "channel's input does not change its output, so for dout = x - mean the gradient "
            "dx is (almost) zero; this version returns gamma * x_hat instead. See card "
            "batchnorm.",
            zh="反向传播减去了 mean(g)（经过均值的路径），却漏了 x_hat * mean(g * x_hat)（经过方差的"
            "路径）。检验方法：把某通道输入整体缩放不改变其输出，所以 dout = x - mean 时 dx（几乎）为"
            "零；这个版本却得到 gamma * x_hat。见卡片 batchnorm。",
        ),
        card=CARD,
        functions=_batchnorm(backward="no-variance-path"),
    ),
    Mistake(
        id="batchnorm-gamma-beta-swapped",
        name="swaps gamma and beta: out = beta * x_hat + gamma",
        name_zh="gamma 和 beta 对调：out = beta * x_hat + gamma",
        explanation=Text(
            en="gamma is the scale and beta the shift: out = gamma * x_hat + beta (with gamma = 1 "
            "and beta = 0 at initialisation BN starts as a plain standardisation). Swapping them "
            "turns the initial layer into a constant 1. See card batchnorm (and card bn-params).",
            zh="gamma 是缩放，beta 是平移：out = gamma * x_hat + beta（初始化 gamma = 1、beta = 0 时 "
            "BN 就是普通的标准化）。二者对调后，初始的 BN 层输出恒为 1。见卡片 batchnorm（以及卡片 "
            "bn-params）。",
        ),
        card=CARD,
        functions=_batchnorm(swap=True),
        signature=("forward (6, 3)", "forward (2, 2, 2, 3)"),
    ),
]
