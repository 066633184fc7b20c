"""Shared by the ``bn-inference`` tests: float64 references, checked calls and the hints that
name a wrong formula."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    Failure,
    as_array,
    assert_close,
    say,
    unpack,
)

SEED = 8


def _bshape(ndim, channels):
    return (1, channels) + (1,) * (ndim - 2)


def _axes(ndim):
    return (0, *range(2, ndim))


def _eval64(x, gamma, beta, mean, var, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    s = _bshape(x.ndim, x.shape[1])
    return (x - np.reshape(mean, s)) / np.sqrt(np.reshape(var, s) + eps) * np.reshape(
        gamma, s
    ) + np.reshape(beta, s)


def _linear(x, W, b):
    return x @ W.T + (0 if b is None else b)


def _conv2d(x, W, b):
    """Direct 'valid' convolution (cross-correlation, as in PyTorch), stride 1."""
    kh, kw = W.shape[2:]
    patches = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))
    out = np.einsum("nchwij,ocij->nohw", patches, W)
    return out if b is None else out + b.reshape(1, -1, 1, 1)


def _update(impl, mean, var, x, *momentum):
    new_mean, new_var = unpack(
        impl.update_running_stats(mean, var, x, *momentum), 2, "update_running_stats"
    )
    channels = x.shape[1]
    as_array(new_mean, say("the new running mean", "新的移动均值"), shape=(channels,))
    as_array(new_var, say("the new running variance", "新的移动方差"), shape=(channels,))
    return new_mean, new_var


def _expected_update(mean, var, x, momentum=0.1, *, ddof=1, flipped=False):
    axes = _axes(x.ndim)
    bm, bv = x.mean(axis=axes), x.var(axis=axes, ddof=ddof)
    keep, new = (momentum, 1 - momentum) if flipped else (1 - momentum, momentum)
    return keep * mean + new * bm, keep * var + new * bv


def _update_hint(got_mean, got_var, mean, var, x, momentum=0.1):
    flipped = _expected_update(mean, var, x, momentum, flipped=True)
    biased = _expected_update(mean, var, x, momentum, ddof=0)
    if np.allclose(got_mean, flipped[0]) and np.allclose(got_var, flipped[1]):
        return say(
            "it matches the flipped convention new = momentum * old + (1 - momentum) * batch; "
            "in PyTorch's convention momentum is the weight of the new batch: "
            "new = (1 - momentum) * old + momentum * batch",
            "它与反过来的约定 new = momentum * old + (1 - momentum) * batch 一致；按 PyTorch 的约定，"
            "momentum 是新 batch 的权重：new = (1 - momentum) * old + momentum * batch",
        )
    if np.allclose(got_var, biased[1]):
        return say(
            "it matches the biased batch variance (divide by m); the running variance "
            "estimates the population variance with the unbiased one (divide by m - 1)",
            "它与 batch 的有偏方差（除以 m）一致；移动方差估计的是总体方差，要用无偏方差（除以 m - 1）",
        )
    return say(
        "new = (1 - momentum) * old + momentum * batch, with the batch mean and the unbiased "
        "batch variance per channel",
        "new = (1 - momentum) * old + momentum * batch，其中 batch 统计量是逐通道的均值和无偏方差",
    )


def _check_update(impl, mean, var, x, *momentum, what, rtol=1e-7, atol=1e-10):
    got_mean, got_var = _update(impl, mean, var, x, *momentum)
    want_mean, want_var = _expected_update(mean, var, x, *momentum)
    hint = _update_hint(got_mean, got_var, mean, var, x, *momentum)
    assert_close(
        got_mean,
        want_mean,
        say("the running mean after {w}", "{w} 之后的移动均值", w=what),
        rtol=rtol,
        atol=atol,
        hint=hint,
    )
    assert_close(
        got_var,
        want_var,
        say("the running variance after {w}", "{w} 之后的移动方差", w=what),
        rtol=rtol,
        atol=atol,
        hint=hint,
    )
    return got_mean, got_var


def _eval(impl, x, gamma, beta, mean, var, *eps, what="batchnorm_inference"):
    out = impl.batchnorm_inference(x, gamma, beta, mean, var, *eps)
    return as_array(out, say("out of {w}", "{w} 的 out", w=what), shape=x.shape, dtype=x.dtype)


def _check_eval(impl, x, gamma, beta, mean, var, *eps, what, rtol=1e-9, atol=1e-10):
    out = _eval(impl, x, gamma, beta, mean, var, *eps, what=what)
    expected = _eval64(x, gamma, beta, mean, var, *eps)
    axes = _axes(x.ndim)
    hint = say(
        "out = gamma * (x - running_mean) / sqrt(running_var + eps) + beta, with the running "
        "statistics given, whatever the batch holds",
        "out = gamma * (x - running_mean) / sqrt(running_var + eps) + beta，"
        "使用传入的移动统计量，与 batch 里的数据无关",
    )
    if x.shape[0] * np.prod(x.shape[2:]) > 1:
        batch = (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(
            x.var(axis=axes, keepdims=True) + (eps[0] if eps else 1e-5)
        ) * np.reshape(gamma, _bshape(x.ndim, x.shape[1])) + np.reshape(
            beta, _bshape(x.ndim, x.shape[1])
        )
        if np.allclose(out, batch, rtol=1e-6):
            hint = say(
                "it matches normalising with the batch's own statistics; in eval mode BN "
                "uses the running statistics accumulated in training, never the batch's",
                "它与用 batch 自身统计量归一化的结果一致；eval 模式下 BN 使用训练时累积的移动统计量，"
                "从不使用当前 batch 的",
            )
    assert_close(
        out, expected, say("out of {w}", "{w} 的 out", w=what), rtol=rtol, atol=atol, hint=hint
    )
    return out


def _fold(impl, W, b, gamma, beta, mean, var, *eps, what="fold_batchnorm"):
    try:
        folded = impl.fold_batchnorm(W, b, gamma, beta, mean, var, *eps)
    except ValueError as exc:
        raise Failure(
            say(
                "fold_batchnorm raised ValueError on valid arguments ({w}, W of shape {s}): "
                "{e}. BN acts on W's output channels: scale has W.shape[0] entries, one per row "
                "of W (W[o] for a Conv weight)",
                "fold_batchnorm 在合法参数上抛出了 ValueError（{w}，W 的形状为 {s}）：「{e}」。"
                "BN 作用在 W 的输出通道上：scale 有 W.shape[0] 个元素，W 的每一行"
                "（Conv 权重的 W[o]）对应一个",
                w=what,
                s=str(W.shape),
                e=str(exc),
            )
        ) from None
    Wf, bf = unpack(folded, 2, what)
    as_array(Wf, say("W_folded of {w}", "{w} 的 W_folded", w=what), shape=W.shape, dtype=W.dtype)
    as_array(
        bf, say("b_folded of {w}", "{w} 的 b_folded", w=what), shape=(W.shape[0],), dtype=W.dtype
    )
    return Wf, bf


def _fold_hint(Wf, bf, W, b, gamma, beta, mean, var, eps=1e-5):
    """Name the classic folding error that (Wf, bf) matches."""
    scale = gamma / np.sqrt(var + eps)
    b0 = np.zeros(W.shape[0]) if b is None else b
    rows = (-1,) + (1,) * (W.ndim - 1)
    if (
        W.shape[0] == W.shape[1]
        and not np.allclose(Wf, W * scale.reshape(rows), rtol=1e-8)
        and np.allclose(Wf, W * scale.reshape((1, -1) + (1,) * (W.ndim - 2)), rtol=1e-8)
    ):
        return say(
            "W_folded scales the INPUT axis (the columns); BN acts on the layer's outputs, "
            "so row o of W (output channel o) is multiplied by scale[o]",
            "W_folded 缩放的是输入轴（列）；BN 作用在层的输出上，所以 W 的第 o 行"
            "（输出通道 o）要乘以 scale[o]",
        )
    if eps > 1e-7 and np.allclose(Wf, W * (gamma / np.sqrt(var)).reshape(rows), rtol=1e-8):
        return say(
            "W_folded uses gamma / sqrt(running_var): eps belongs inside the square root",
            "W_folded 用的是 gamma / sqrt(running_var)：eps 应当在平方根内",
        )
    if np.allclose(bf, b0 * scale + beta, rtol=1e-8):
        return say(
            "b_folded misses the mean shift: BN subtracts running_mean before scaling, so "
            "b_folded = (b - running_mean) * scale + beta",
            "b_folded 漏了均值平移：BN 在缩放之前先减去 running_mean，"
            "所以 b_folded = (b - running_mean) * scale + beta",
        )
    if b is not None and np.allclose(bf, b0 - mean * scale + beta, rtol=1e-8):
        return say(
            "b_folded adds b unscaled; the layer's bias goes through BN too: "
            "b_folded = (b - running_mean) * scale + beta",
            "b_folded 加上的 b 没有缩放；层的偏置也要经过 BN：b_folded = (b - running_mean) * scale + beta",
        )
    return say(
        "W_folded[o] = W[o] * scale[o] (each output channel) and b_folded = "
        "(b - running_mean) * scale + beta, with scale = gamma / sqrt(running_var + eps)",
        "W_folded[o] = W[o] * scale[o]（逐输出通道），b_folded = (b - running_mean) * scale + beta，"
        "其中 scale = gamma / sqrt(running_var + eps)",
    )


def _bn_params(rng, channels):
    gamma = rng.uniform(0.5, 2.0, channels) * rng.choice([-1.0, 1.0], channels)
    beta = rng.normal(size=channels)
    mean = rng.normal(size=channels) * 2
    var = rng.uniform(0.2, 3.0, channels)
    return gamma, beta, mean, var


def _check_fold(impl, layer, x, W, b, *eps, what):
    rng = np.random.default_rng(SEED + W.size)
    gamma, beta, mean, var = _bn_params(rng, W.shape[0])
    Wf, bf = _fold(impl, W, b, gamma, beta, mean, var, *eps, what=what)
    expected = _eval64(layer(x, W, b), gamma, beta, mean, var, *eps)
    got = layer(x, Wf, bf)
    if not np.allclose(got, expected, rtol=1e-10, atol=1e-10):
        hint = _fold_hint(Wf, bf, W, b, gamma, beta, mean, var, *eps)
        assert_close(
            got,
            expected,
            say("the folded layer's output ({w})", "折叠后那一层的输出（{w}）", w=what),
            rtol=1e-10,
            atol=1e-10,
            hint=hint,
        )
    return Wf, bf
