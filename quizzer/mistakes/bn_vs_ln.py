"""Classic wrong answers to ``bn-vs-ln`` (card 10), as runnable variants of the reference.

Each wrong function first calls the reference (same ValueErrors), then
standardises over the wrong axes (or with the wrong variance).
"""

from __future__ import annotations

import numpy as np

from quizzer.challenges import reference
from quizzer.suites.base import mistake

CARD = "bn-vs-ln"


def _standardise(x, axes, eps, ddof=0):
    x64 = np.asarray(x, dtype=np.float64)
    m = int(np.prod([x64.shape[a] for a in axes]))
    centred = x64 - x64.mean(axis=axes, keepdims=True)
    var = (centred**2).sum(axis=axes, keepdims=True) / (m - ddof)
    return centred / np.sqrt(var + eps)


def _layer_norm(axes_of, ddof=0):
    def layer_norm(x, gamma, beta, eps=1e-5):
        reference(CARD).layer_norm(x, gamma, beta, eps)
        x = np.asarray(x)
        y = _standardise(x, axes_of(x.ndim), eps, ddof) * gamma + beta
        return y.astype(x.dtype)

    return layer_norm


def _strided_group_norm(x, num_groups, gamma, beta, eps=1e-5):
    reference(CARD).group_norm(x, num_groups, gamma, beta, eps)
    x = np.asarray(x)
    n, c = x.shape[:2]
    # channel c lands in group c % G: the reshape puts the group index second-to-first
    y = _standardise(x.reshape(n, c // num_groups, num_groups, -1), (1, 3), eps)
    s = (1, c) + (1,) * (x.ndim - 2)
    return (y.reshape(x.shape) * np.reshape(gamma, s) + np.reshape(beta, s)).astype(x.dtype)


def _instance_norm(axes_of):
    def instance_norm(x, eps=1e-5):
        reference(CARD).instance_norm(x, eps)
        x = np.asarray(x)
        return _standardise(x, axes_of(x.ndim), eps).astype(x.dtype)

    return instance_norm


def _mistake(slug, name, en, zh, *, name_zh, **functions):
    return mistake(CARD, slug, name, en, zh, name_zh=name_zh, **functions)


MISTAKES = [
    _mistake(
        "group-norm-strided-groups",
        "puts channel c in group c % G (strided) instead of contiguous groups",
        "GroupNorm splits the channels into G groups of adjacent channels: group 0 is channels "
        "0 .. C/G - 1, which is what x.reshape(N, G, C // G, *spatial) gives. "
        "x.reshape(N, C // G, G, ...) groups channels c, c + G, c + 2G, ... together instead; "
        "it has the right sizes and the wrong members. See card bn-vs-ln.",
        "GroupNorm 把通道分成 G 组相邻的通道：第 0 组是通道 0 .. C/G - 1，正是 x.reshape(N, G, "
        "C // G, *spatial) 的分法。x.reshape(N, C // G, G, ...) 则把通道 c、c + G、c + 2G…分到一组："
        "组的大小对，成员错。见卡片 bn-vs-ln。",
        name_zh="把通道 c 分到第 c % G 组（跨步分组），而不是相邻通道成组",
        group_norm=_strided_group_norm,
    ),
    _mistake(
        "layer-norm-batch-axis",
        "layer norm takes its statistics over the batch axis (that is BatchNorm)",
        "LayerNorm standardises each sample (each token) over its own features: mean and "
        "variance over the last axis. Statistics over axis 0 mix the samples of the batch, "
        "which is exactly what BatchNorm does and what LayerNorm exists to avoid (variable "
        "batch sizes, sequences, a batch of one). See card bn-vs-ln.",
        "LayerNorm 在每个样本（每个 token）自己的特征上做标准化：均值和方差沿最后一个轴计算。沿 "
        "axis 0 统计会混合 batch 中的不同样本，这正是 BatchNorm 的做法，也是 LayerNorm 要避免的"
        "（batch 大小可变、序列数据、单样本 batch）。见卡片 bn-vs-ln。",
        name_zh="LayerNorm 沿 batch 轴统计（那是 BatchNorm）",
        layer_norm=_layer_norm(lambda ndim: (0,)),
    ),
    _mistake(
        "layer-norm-all-feature-axes",
        "layer norm on (N, T, D) pools the whole sequence (T and D) instead of each token",
        "For a sequence batch (N, T, D), LayerNorm as used in Transformers (nn.LayerNorm(D)) "
        "standardises every token over its D features; pooling over (T, D) mixes the tokens "
        "of a sequence, so a token's output depends on the others and on the sequence "
        "length (padding included). See card bn-vs-ln.",
        "对序列 batch (N, T, D)，Transformer 中的 LayerNorm（nn.LayerNorm(D)）对每个 token 在其 D "
        "个特征上标准化；在 (T, D) 上一起统计会混合同一序列的各个 token，使一个 token 的输出依赖"
        "其他 token 和序列长度（包括 padding）。见卡片 bn-vs-ln。",
        name_zh="(N, T, D) 上的 LayerNorm 在整条序列（T 和 D）上统计，而不是逐 token",
        layer_norm=_layer_norm(lambda ndim: tuple(range(1, ndim))),
    ),
    _mistake(
        "layer-norm-unbiased-variance",
        "layer norm divides the variance by D - 1",
        "Like BatchNorm, LayerNorm normalises with the biased variance, mean((x - mean)^2) "
        "over the D features (np.var's default, torch.var(unbiased=False)); dividing by D - 1 "
        "shrinks every output by sqrt((D - 1) / D), visibly for small D. See card bn-vs-ln.",
        "和 BatchNorm 一样，LayerNorm 用有偏方差 mean((x - mean)^2)（对 D 个特征求平均，np.var 的"
        "默认值，torch.var(unbiased=False)）；除以 D - 1 会让输出整体缩小 sqrt((D - 1) / D)，D 小时"
        "很明显。见卡片 bn-vs-ln。",
        name_zh="LayerNorm 的方差除以 D - 1",
        layer_norm=_layer_norm(lambda ndim: (ndim - 1,), ddof=1),
    ),
    _mistake(
        "instance-norm-over-channels",
        "instance norm pools the channels too (that is LayerNorm over C, H, W)",
        "InstanceNorm standardises each channel of each sample on its own, over the spatial "
        "axes only (it is GroupNorm with one channel per group). Pooling the channels as well "
        "gives LayerNorm over (C, *spatial), which is GroupNorm with a single group. See card "
        "bn-vs-ln.",
        "InstanceNorm 对每个样本的每个通道单独标准化，只在空间轴上统计（相当于每组一个通道的 "
        "GroupNorm）。把通道也一起统计就成了 (C, *spatial) 上的 LayerNorm，即只有一组的 "
        "GroupNorm。见卡片 bn-vs-ln。",
        name_zh="InstanceNorm 把通道也一起统计（那是 (C, H, W) 上的 LayerNorm）",
        instance_norm=_instance_norm(lambda ndim: tuple(range(1, ndim))),
    ),
    _mistake(
        "instance-norm-over-batch",
        "instance norm pools the batch too (that is BatchNorm)",
        "InstanceNorm never looks at the other samples: each (sample, channel) pair has its own "
        "mean and variance over the spatial positions. Pooling the batch axis as well gives "
        "BatchNorm's per-channel statistics. See card bn-vs-ln.",
        "InstanceNorm 从不看其他样本：每个（样本，通道）有自己在空间位置上的均值和方差。把 batch "
        "轴也一起统计就得到了 BatchNorm 的逐通道统计量。见卡片 bn-vs-ln。",
        name_zh="InstanceNorm 把 batch 也一起统计（那是 BatchNorm）",
        instance_norm=_instance_norm(lambda ndim: (0, *range(2, ndim))),
    ),
]
