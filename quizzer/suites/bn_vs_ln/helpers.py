"""Shared by the ``bn-vs-ln`` tests: the float64 formulas, the wrong axis choices they recognise, and checked calls."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, assert_close, say

SEED = 10


def _standardise(x, axes, eps=1e-5, ddof=0):
    x = np.asarray(x, dtype=np.float64)
    m = int(np.prod([x.shape[a] for a in axes]))
    centred = x - x.mean(axis=axes, keepdims=True)
    var = (centred**2).sum(axis=axes, keepdims=True) / (m - ddof)
    return centred / np.sqrt(var + eps)


def _ln64(x, gamma, beta, eps=1e-5, *, axes=None, ddof=0):
    axes = (np.ndim(x) - 1,) if axes is None else axes
    return _standardise(x, axes, eps, ddof) * gamma + beta


def _affine(y, gamma, beta):
    s = (1, y.shape[1]) + (1,) * (y.ndim - 2)
    return y * np.reshape(gamma, s) + np.reshape(beta, s)


def _gn64(x, groups, gamma, beta, eps=1e-5, *, strided=False):
    x = np.asarray(x, dtype=np.float64)
    n, c = x.shape[:2]
    if strided:  # channel c in group c % G
        r = x.reshape(n, c // groups, groups, -1)
        y = _standardise(r, (1, 3), eps).reshape(x.shape)
    else:
        y = _standardise(x.reshape(n, groups, -1), (2,), eps).reshape(x.shape)
    return _affine(y, gamma, beta)


def _in64(x, eps=1e-5):
    return _standardise(x, tuple(range(2, np.ndim(x))), eps)


def _first_match(got, candidates, right):
    """The message of the first wrong formula ``got`` matches (and the right one does not)."""
    got = np.asarray(got, dtype=np.float64)
    off_right = np.max(np.abs(got - right))
    for alt, text in candidates:
        if alt.shape == got.shape:
            off = np.max(np.abs(got - alt))
            if off <= 1e-6 * (1 + np.max(np.abs(alt))) and off < 0.01 * off_right:
                return text
    return ""


def _call(fn, x, *args, what):
    return as_array(
        fn(x, *args), say("out of {w}", "{w} 的 out", w=what), shape=x.shape, dtype=x.dtype
    )


def _check_ln(impl, x, gamma, beta, *eps, what, rtol=1e-7, atol=1e-9):
    out = _call(impl.layer_norm, x, gamma, beta, *eps, what=what)
    right = _ln64(x, gamma, beta, *eps)
    if not np.allclose(out, right, rtol=rtol, atol=atol):
        e = eps[0] if eps else 1e-5
        candidates = [
            (
                _ln64(x, gamma, beta, e, axes=(0,)),
                say(
                    "it matches statistics over the batch axis (axis 0), which is BatchNorm; "
                    "LayerNorm standardises each row over its own last axis, the D features",
                    "它与在 batch 轴（axis 0）上求统计量的结果一致，那是 BatchNorm；"
                    "LayerNorm 对每一行在它自己的最后一个轴（D 个特征）上标准化",
                ),
            ),
            (
                _ln64(x, gamma, beta, e, axes=tuple(range(1, x.ndim))),
                say(
                    "it matches statistics over every axis but the batch; for (N, T, D) "
                    "LayerNorm standardises each token over its D features only",
                    "它与在除 batch 以外的所有轴上求统计量的结果一致；对 (N, T, D)，"
                    "LayerNorm 只在每个 token 的 D 个特征上标准化",
                ),
            ),
            (
                _ln64(x, gamma, beta, e, ddof=1),
                say(
                    "it matches the unbiased variance (divide by D - 1); normalisation layers "
                    "use the biased one (divide by D)",
                    "它与无偏方差（除以 D - 1）的结果一致；归一化层用的是有偏方差（除以 D）",
                ),
            ),
        ]
        hint = _first_match(out, candidates, right) or say(
            "out = gamma * (x - mean) / sqrt(var + eps) + beta, statistics over the last axis",
            "out = gamma * (x - mean) / sqrt(var + eps) + beta，统计量在最后一个轴上计算",
        )
        assert_close(
            out, right, say("out of {w}", "{w} 的 out", w=what), rtol=rtol, atol=atol, hint=hint
        )
    return out


def _check_gn(impl, x, groups, gamma, beta, *eps, what, rtol=1e-7, atol=1e-9):
    out = _call(impl.group_norm, x, groups, gamma, beta, *eps, what=what)
    right = _gn64(x, groups, gamma, beta, *eps)
    if not np.allclose(out, right, rtol=rtol, atol=atol):
        candidates = [
            (
                _gn64(x, groups, gamma, beta, *eps, strided=True),
                say(
                    "it matches strided groups (channel c in group c % G); groups are "
                    "contiguous: channels 0..C/G-1 form group 0, as x.reshape(N, G, C // G, ...) "
                    "gives",
                    "它与跳跃分组（通道 c 属于第 c % G 组）的结果一致；分组应当是连续的："
                    "通道 0..C/G-1 组成第 0 组，正如 x.reshape(N, G, C // G, ...) 所给出的",
                ),
            )
        ]
        hint = _first_match(out, candidates, right) or say(
            "per sample and contiguous group of C/G channels: mean and biased variance over the "
            "group's channels and positions; then gamma[c] * x_hat + beta[c] per channel",
            "对每个样本、每组连续的 C/G 个通道，在该组的通道和位置上求均值和有偏方差；"
            "再逐通道计算 gamma[c] * x_hat + beta[c]",
        )
        assert_close(
            out, right, say("out of {w}", "{w} 的 out", w=what), rtol=rtol, atol=atol, hint=hint
        )
    return out


def _check_in(impl, x, *eps, what, rtol=1e-7, atol=1e-9):
    out = _call(impl.instance_norm, x, *eps, what=what)
    right = _in64(x, *eps)
    if not np.allclose(out, right, rtol=rtol, atol=atol):
        e = eps[0] if eps else 1e-5
        candidates = [
            (
                _standardise(x, tuple(range(1, x.ndim)), e),
                say(
                    "it matches statistics over the channels too, which is LayerNorm over "
                    "(C, *spatial); InstanceNorm takes each channel of each sample on its own",
                    "它与把通道也一起统计的结果一致，那是 (C, *spatial) 上的 LayerNorm；"
                    "InstanceNorm 对每个样本的每个通道单独统计",
                ),
            ),
            (
                _standardise(x, (0, *range(2, x.ndim)), e),
                say(
                    "it matches statistics over the batch too, which is BatchNorm; "
                    "InstanceNorm takes each sample on its own",
                    "它与把 batch 也一起统计的结果一致，那是 BatchNorm；InstanceNorm 对每个样本单独统计",
                ),
            ),
        ]
        hint = _first_match(out, candidates, right) or say(
            "per sample and channel: (x - mean) / sqrt(var + eps) over the spatial axes",
            "对每个样本、每个通道，在空间轴上计算 (x - mean) / sqrt(var + eps)",
        )
        assert_close(
            out, right, say("out of {w}", "{w} 的 out", w=what), rtol=rtol, atol=atol, hint=hint
        )
    return out
