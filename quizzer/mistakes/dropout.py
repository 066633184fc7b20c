"""Classic wrong answers to the ``dropout`` challenge, as runnable variants of the reference."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import mistake

CARD = "dropout"


def _check(p):
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must lie in [0, 1], got {p}")


def _dtype(x):
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


def _draw(x, rng):
    dtype = _dtype(x)
    return rng.random(x.shape, dtype=np.float32 if dtype == np.float32 else np.float64)


def no_rescale(x, p, rng, training=True):
    _check(p)
    x = np.asarray(x)
    dtype = _dtype(x)
    if not training:
        return x.astype(dtype), np.ones(x.shape, dtype)
    mask = (_draw(x, rng) >= p).astype(dtype)  # kept units stay at 1: E[out] = (1-p) x
    return x * mask, mask


def keep_probability(x, p, rng, training=True):
    _check(p)
    x = np.asarray(x)
    dtype = _dtype(x)
    if not training:
        return x.astype(dtype), np.ones(x.shape, dtype)
    keep = _draw(x, rng) < p  # p used as the probability to KEEP a unit
    with np.errstate(divide="ignore", invalid="ignore"):
        mask = (keep / p).astype(dtype)
    return x * mask, mask


def scale_at_test(x, p, rng, training=True):
    _check(p)
    x = np.asarray(x)
    dtype = _dtype(x)
    if not training:  # "vanilla" dropout: multiply by 1-p at test time instead
        mask = np.full(x.shape, 1 - p, dtype=dtype)
        return x * mask, mask
    mask = (_draw(x, rng) >= p).astype(dtype)
    return x * mask, mask


def active_in_eval(x, p, rng, training=True):
    _check(p)
    x = np.asarray(x)
    dtype = _dtype(x)
    if p == 1:
        return np.zeros(x.shape, dtype), np.zeros(x.shape, dtype)
    mask = ((_draw(x, rng) >= p) * (1 / (1 - p))).astype(dtype)  # training flag ignored
    return x * mask, mask


def nan_at_p_one(x, p, rng, training=True):
    _check(p)
    x = np.asarray(x)
    dtype = _dtype(x)
    if not training or p == 0:
        return x.astype(dtype), np.ones(x.shape, dtype)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.float64(1.0) / (1.0 - np.float64(p))  # inf when p == 1
        mask = ((_draw(x, rng) >= p) * scale).astype(dtype)  # 0 * inf = nan
    return x * mask, mask


def bool_mask(x, p, rng, training=True):
    _check(p)
    x = np.asarray(x)
    dtype = _dtype(x)
    if not training or p == 0:
        return x.astype(dtype), np.ones(x.shape, bool)
    if p == 1:
        return np.zeros(x.shape, dtype), np.zeros(x.shape, bool)
    keep = _draw(x, rng) >= p
    return (x * keep / dtype.type(1 - p)).astype(dtype), keep  # returns the keep flags as the mask


def float64_mask(x, p, rng, training=True):
    _check(p)
    x = np.asarray(x)
    if not training or p == 0:
        return x.astype(np.float64), np.ones(x.shape)
    if p == 1:
        return np.zeros(x.shape), np.zeros(x.shape)
    mask = (rng.random(x.shape) >= p) / (1.0 - p)  # float64 mask: float32 x is promoted
    return x * mask, mask


def shared_mask(x, p, rng, training=True):
    _check(p)
    x = np.asarray(x)
    dtype = _dtype(x)
    if not training or p == 0:
        return x.astype(dtype), np.ones(x.shape, dtype)
    if p == 1:
        return np.zeros(x.shape, dtype), np.zeros(x.shape, dtype)
    row = (rng.random(x.shape[-1]) >= p) / (
        1.0 - p
    )  # one decision per feature, reused for every sample
    mask = np.broadcast_to(row, x.shape).astype(dtype)
    return x * mask, mask


def no_validation(x, p, rng, training=True):
    x = np.asarray(x)
    dtype = _dtype(x)
    if not training or p == 0:
        return x.astype(dtype), np.ones(x.shape, dtype)
    if p == 1:
        return np.zeros(x.shape, dtype), np.zeros(x.shape, dtype)
    mask = ((_draw(x, rng) >= p) * (1.0 / (1.0 - p))).astype(dtype)  # p = 1.5 accepted silently
    return x * mask, mask


def in_place(x, p, rng, training=True):
    _check(p)
    dtype = _dtype(np.asarray(x))
    if not training or p == 0:
        return x, np.ones(x.shape, dtype)
    if p == 1:
        mask = np.zeros(x.shape, dtype)
    else:
        mask = ((_draw(x, rng) >= p) * (1.0 / (1.0 - p))).astype(dtype)
    x *= mask  # overwrites the caller's activations
    return x, mask


def global_rng(x, p, rng, training=True):
    _check(p)
    x = np.asarray(x)
    dtype = _dtype(x)
    if not training or p == 0:
        return x.astype(dtype), np.ones(x.shape, dtype)
    if p == 1:
        return np.zeros(x.shape, dtype), np.zeros(x.shape, dtype)
    mask = ((np.random.random(x.shape) >= p) / (1.0 - p)).astype(dtype)  # ignores the rng argument
    return x * mask, mask


def backward_unscaled(dout, mask):
    return np.asarray(dout) * (np.asarray(mask) > 0)  # drops the 1/(1-p) factor


def _m(slug, name, en, zh, *, name_zh, **functions):
    return mistake(CARD, slug, name, en, zh, name_zh=name_zh, **functions)


MISTAKES = [
    _m(
        "no-rescale",
        "Kept units are not scaled by 1/(1-p)",
        "The mask is 0/1, so in training E[out] = (1-p)·x while at test time out = x: the next layer "
        "sees activations of a different size in training and at inference. Inverted dropout divides "
        "the kept units by 1-p so that E[out] = x. See card dropout: the mask is 0 or 1/(1-p).",
        "mask 只取 0/1，训练时 E[out] = (1-p)·x，而测试时 out = x，下一层在训练和推理时看到的激活尺度不同。"
        "Inverted dropout 把保留的单元除以 1-p，使 E[out] = x。见卡片 dropout：mask 取 0 或 1/(1-p)。",
        name_zh="保留的单元没有按 1/(1-p) 缩放",
        signature=("train_mean",),
        dropout_forward=no_rescale,
    ),
    _m(
        "keep-probability",
        "p read as the keep probability",
        "p is the probability to DROP a unit (PyTorch's nn.Dropout(p) convention and the source write-up's "
        "mask = 0 when r < p); this version keeps each unit with probability p, so dropout(p=0.1) "
        "throws away 90% of the units. See card dropout.",
        "p 是丢弃概率（PyTorch nn.Dropout(p) 的约定，也是原文 r < p 时 mask = 0 的含义）；这里把 p 当成保留概率，"
        "dropout(p=0.1) 会丢掉 90% 的单元。见卡片 dropout。",
        name_zh="把 p 当成了保留概率",
        signature=("drop_rate",),
        dropout_forward=keep_probability,
    ),
    _m(
        "scale-at-test",
        "Scaling at test time instead of in training",
        "This is the original, non-inverted dropout: training keeps units at 1 and evaluation "
        "multiplies by 1-p. The contract asks for inverted dropout: scale by 1/(1-p) in training so "
        "that evaluation is the plain identity and the deployed model needs no change. See card dropout.",
        "这是最初的（非 inverted）dropout：训练时不缩放，测试时乘 1-p。本题要求 inverted dropout："
        "训练时除以 1-p，推理时直接恒等，部署的模型不用改。见卡片 dropout。",
        name_zh="在测试时缩放，而不是在训练时",
        signature=("train_mean", "eval_mean"),
        dropout_forward=scale_at_test,
    ),
    _m(
        "active-in-eval",
        "Dropout still active in evaluation mode",
        "training=False must turn dropout off: at test time the network should be deterministic "
        "and use every unit; the 1/(1-p) scaling in training already made the expectations agree. "
        "See card dropout.",
        "training=False 时必须关闭 dropout：推理时网络应当确定、使用全部单元；训练时的 1/(1-p) 缩放已经让期望一致。"
        "见卡片 dropout。",
        name_zh="eval 模式下 dropout 仍在生效",
        signature=("eval_kept_value",),
        dropout_forward=active_in_eval,
    ),
    _m(
        "nan-at-p-one",
        "p = 1 produces nan (1/(1-p) = inf, then 0·inf)",
        "With p = 1 the scale 1/(1-p) is infinite and 0·inf is nan, so the whole output becomes nan "
        "and poisons the network. Every unit is dropped: return zeros (handle p == 1 separately). "
        "See card dropout.",
        "p = 1 时 1/(1-p) 为无穷大，0·inf = nan，整个输出变成 nan 并污染网络。此时所有单元都被丢弃，"
        "应单独处理 p == 1 并返回全零。见卡片 dropout。",
        name_zh="p = 1 时产生 nan（1/(1-p) = inf，再算 0·inf）",
        dropout_forward=nan_at_p_one,
    ),
    _m(
        "backward-unscaled",
        "Backward ignores the 1/(1-p) scale",
        "out = x * mask with mask in {0, 1/(1-p)}, so d out/dx = mask: the gradient of a kept unit "
        "is multiplied by 1/(1-p), not by 1. dout * (mask > 0) shrinks every gradient by 1-p. "
        "See card dropout, backward pass.",
        "out = x * mask，mask 取 {0, 1/(1-p)}，所以 d out/dx = mask：保留单元的梯度要乘 1/(1-p)，而不是 1。"
        "dout * (mask > 0) 会让梯度整体缩小 1-p 倍。见卡片 dropout 的反向传播部分。",
        name_zh="反向传播忽略了 1/(1-p) 缩放",
        dropout_backward=backward_unscaled,
    ),
    _m(
        "bool-mask",
        "The mask is returned as booleans",
        "The contract's mask holds 0 or 1/(1-p) in x's dtype, because the backward pass multiplies "
        "by it: a boolean keep-mask makes dropout_backward forget the scale. See card dropout.",
        "题目要求的 mask 是与 x 同 dtype、取值 0 或 1/(1-p) 的数组，因为反向传播要乘以它；返回布尔 mask 会让反向传播丢掉缩放。"
        "见卡片 dropout。",
        name_zh="mask 以布尔数组返回",
        signature=("mask_kind_f32",),
        dropout_forward=bool_mask,
    ),
    _m(
        "float64-mask",
        "float32 activations promoted to float64",
        "Drawing the mask in float64 (rng.random(shape) / (1-p)) and multiplying promotes float32 "
        "activations to float64: twice the memory and bandwidth in every layer. Draw in x's dtype "
        "(rng.random(shape, dtype=np.float32)) and keep the mask in x's dtype. See card dropout.",
        "用 float64 生成 mask（rng.random(shape) / (1-p)）再相乘，会把 float32 激活提升为 float64，"
        "每层的内存和带宽都翻倍。应按 x 的 dtype 生成（rng.random(shape, dtype=np.float32)）并保持 mask 的 dtype。见卡片 dropout。",
        name_zh="float32 激活被提升为 float64",
        dropout_forward=float64_mask,
    ),
    _m(
        "shared-mask",
        "One mask per feature shared by every sample",
        "Dropout makes an independent decision for every element; drawing one decision per feature "
        "and broadcasting it over the batch drops the same units for every sample, which removes the "
        "ensemble effect the card describes. See card dropout.",
        "Dropout 对每个元素独立决定是否丢弃；只按特征生成一行 mask 再广播到整个 batch，会让每个样本丢掉相同的单元，"
        "失去卡片所说的集成效果。见卡片 dropout。",
        name_zh="每个特征一个掩码，所有样本共用",
        dropout_forward=shared_mask,
    ),
    _m(
        "no-validation",
        "p outside [0, 1] accepted",
        "p is a probability: p = 1.5 gives a negative scale 1/(1-p) and meaningless output. Check "
        "the argument and raise ValueError with a message. See card dropout.",
        "p 是概率：p = 1.5 会得到负的缩放 1/(1-p) 和没有意义的输出。应检查参数并抛出带说明的 ValueError。见卡片 dropout。",
        name_zh="接受了 [0, 1] 以外的 p",
        dropout_forward=no_validation,
    ),
    _m(
        "in-place",
        "x is modified in place",
        "x *= mask overwrites the caller's activations, which the backward pass of the previous layer "
        "may still need. Return a new array. See card dropout.",
        "x *= mask 会覆盖调用者的激活值，而上一层的反向传播可能还要用它。应返回新数组。见卡片 dropout。",
        name_zh="原地修改了 x",
        dropout_forward=in_place,
    ),
    _m(
        "global-rng",
        "Random numbers drawn from np.random instead of rng",
        "The mask must come from the Generator passed in, so that a seed reproduces a run; the global "
        "np.random state ignores it. See card dropout.",
        "mask 必须由传入的 Generator 生成，同一个种子才能复现结果；全局 np.random 会忽略它。见卡片 dropout。",
        name_zh="随机数取自 np.random 而不是 rng",
        dropout_forward=global_rng,
    ),
]
