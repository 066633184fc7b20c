"""Hidden suite for ``bn-inference`` (card 8): running statistics, eval-mode BN, BN folding.

Folding is checked end to end: a folded Linear (or Conv2d, with a direct
convolution written here) must equal the layer followed by eval-mode BN to
1e-10 in float64, with and without bias, for square and non-square weights.
"""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    Failure,
    as_array,
    assert_close,
    case,
    expect,
    expect_raises,
    say,
    unpack,
)

SEED = 8


# --------------------------------------------------------------------------- helpers
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


# --------------------------------------------------------------------------- visible
@case("running statistics after one batch", zh="一个 batch 之后的移动统计量", visible=True)
def test_update_example(impl):
    """
    >>> x = np.array([[1., 10.], [3., 20.], [5., 30.], [7., 40.]])
    >>> mean, var = update_running_stats(np.zeros(2), np.ones(2), x)
    >>> mean
    array([0.4, 2.5])
    >>> np.round(var, 4)
    array([ 1.5667, 17.5667])
    """
    x = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 30.0], [7.0, 40.0]])
    _check_update(
        impl,
        np.zeros(2),
        np.ones(2),
        x,
        what=say("one batch with momentum 0.1", "用一个 batch、momentum 0.1 更新"),
    )


@case(
    "eval mode normalises with the running statistics",
    zh="eval 模式用移动统计量归一化",
    visible=True,
)
def test_eval_example(impl):
    """
    >>> x = np.array([[1., 10.], [3., 20.]])
    >>> batchnorm_inference(x, np.array([1., 2.]), np.array([0., 1.]),
    ...                     np.array([2., 0.]), np.array([4., 100.]), eps=0.0)
    array([[-0.5,  3. ],
           [ 0.5,  5. ]])
    """
    x = np.array([[1.0, 10.0], [3.0, 20.0]])
    _check_eval(
        impl,
        x,
        np.array([1.0, 2.0]),
        np.array([0.0, 1.0]),
        np.array([2.0, 0.0]),
        np.array([4.0, 100.0]),
        0.0,
        what="batchnorm_inference(x, ..., eps=0)",
    )


@case("folding BN into a Linear layer", zh="把 BN 融合进 Linear 层", visible=True)
def test_fold_example(impl):
    """
    >>> W = np.array([[1., 2., 0.], [0., -1., 3.]])
    >>> b = np.array([0.5, -1.])
    >>> W_folded, b_folded = fold_batchnorm(W, b, np.array([2., 1.]), np.array([0., 1.]),
    ...                                     np.array([1., 0.]), np.array([1., 4.]), eps=0.0)
    >>> W_folded
    array([[ 2. ,  4. ,  0. ],
           [ 0. , -0.5,  1.5]])
    >>> b_folded
    array([-1. ,  0.5])
    """
    W, b = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]]), np.array([0.5, -1.0])
    args = (np.array([2.0, 1.0]), np.array([0.0, 1.0]), np.array([1.0, 0.0]), np.array([1.0, 4.0]))
    Wf, bf = _fold(impl, W, b, *args, 0.0)
    hint = _fold_hint(Wf, bf, W, b, *args, 0.0)
    assert_close(Wf, [[2.0, 4.0, 0.0], [0.0, -0.5, 1.5]], "W_folded", hint=hint)
    assert_close(bf, [-1.0, 0.5], "b_folded", hint=hint)


# --------------------------------------------------------------------------- running statistics
@case(
    "running statistics: momentum is the weight of the new batch",
    zh="移动统计量：momentum 是新 batch 的权重",
)
def test_update_momentum(impl):
    rng = np.random.default_rng(SEED)
    x = rng.normal(3.0, 2.0, size=(20, 4))
    _check_update(
        impl,
        rng.normal(size=4),
        rng.uniform(0.5, 2, 4),
        x,
        0.3,
        what=say("momentum 0.3", "以 momentum 0.3 更新"),
    )


@case("running variance is the unbiased batch variance", zh="移动方差用的是 batch 的无偏方差")
def test_update_unbiased(impl):
    x = np.array([[0.0, 1.0], [3.0, 2.0], [6.0, 6.0]])  # 3 samples: m/(m-1) = 1.5
    _check_update(
        impl,
        np.zeros(2),
        np.zeros(2),
        x,
        1.0,
        what=say("momentum 1 on a 3-sample batch", "在 3 个样本的 batch 上以 momentum 1 更新"),
    )


@case("running statistics: momentum defaults to 0.1", zh="移动统计量：momentum 默认为 0.1")
def test_update_default_momentum(impl):
    rng = np.random.default_rng(SEED + 1)
    x = rng.normal(size=(8, 3))
    _check_update(
        impl,
        np.ones(3),
        np.full(3, 2.0),
        x,
        what=say("a batch with the default momentum", "以默认 momentum 更新一个 batch"),
    )


@case("running statistics over N and the spatial axes", zh="在 N 和空间维上求移动统计量")
def test_update_spatial(impl):
    rng = np.random.default_rng(SEED + 2)
    x = rng.normal(size=(2, 3, 4, 4)) + np.linspace(-2, 2, 16).reshape(1, 1, 4, 4)
    _check_update(
        impl,
        np.zeros(3),
        np.ones(3),
        x,
        0.5,
        what=say("a (2, 3, 4, 4) batch", "用 (2, 3, 4, 4) 的 batch 更新"),
    )


@case(
    "momentum 0 keeps and momentum 1 replaces the running statistics",
    zh="momentum 为 0 时保留、为 1 时替换移动统计量",
)
def test_update_extremes(impl):
    rng = np.random.default_rng(SEED + 3)
    x = rng.normal(size=(6, 2))
    old_mean, old_var = np.array([5.0, -5.0]), np.array([0.1, 9.0])
    _check_update(impl, old_mean, old_var, x, 0.0, what=say("momentum 0", "以 momentum 0 更新"))
    _check_update(impl, old_mean, old_var, x, 1.0, what=say("momentum 1", "以 momentum 1 更新"))


@case(
    "running statistics: float32 in, float32 out, inputs not modified",
    zh="移动统计量：输入 float32 则输出 float32，不修改输入",
)
def test_update_float32_and_inputs(impl):
    rng = np.random.default_rng(SEED + 4)
    x = rng.normal(1.0, 2.0, size=(16, 3)).astype(np.float32)
    mean, var = np.zeros(3, np.float32), np.ones(3, np.float32)
    copies = (x.copy(), mean.copy(), var.copy())
    got_mean, got_var = _update(impl, mean, var, x)
    want_mean, want_var = _expected_update(mean.astype(float), var.astype(float), x.astype(float))
    assert_close(
        got_mean, want_mean, say("float32 running mean", "float32 的移动均值"), rtol=1e-5, atol=1e-6
    )
    assert_close(
        got_var,
        want_var,
        say("float32 running variance", "float32 的移动方差"),
        rtol=1e-5,
        atol=1e-6,
    )
    as_array(
        got_mean,
        say("the new running mean of float32 inputs", "float32 输入的新移动均值"),
        dtype=np.float32,
    )
    as_array(
        got_var,
        say("the new running variance of float32 inputs", "float32 输入的新移动方差"),
        dtype=np.float32,
    )
    for name, before, after in zip(
        ("x", "running_mean", "running_var"), copies, (x, mean, var), strict=True
    ):
        expect(
            np.array_equal(before, after),
            say(
                "update_running_stats modified {n} in place; return new arrays",
                "update_running_stats 原地修改了 {n}；请返回新数组",
                n=name,
            ),
        )


@case(
    "running statistics: bad arguments raise ValueError", zh="移动统计量：非法参数抛出 ValueError"
)
def test_update_errors(impl):
    x = np.arange(8.0).reshape(4, 2)
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(2),
        np.ones(2),
        x[:1],
        what=say(
            "update_running_stats on a 1-sample (N, C) batch",
            "只有 1 个样本的 (N, C) batch 上的 update_running_stats",
        ),
    )
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(2),
        np.ones(2),
        x,
        1.5,
        what=say(
            "update_running_stats with momentum 1.5", "momentum 为 1.5 时的 update_running_stats"
        ),
    )
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(2),
        np.ones(2),
        x,
        -0.1,
        what=say(
            "update_running_stats with momentum -0.1", "momentum 为 -0.1 时的 update_running_stats"
        ),
    )
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(2),
        np.ones(3),
        x,
        what=say(
            "update_running_stats with 3 running variances for 2 channels",
            "2 个通道却有 3 个移动方差时的 update_running_stats",
        ),
    )
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(3),
        np.ones(3),
        x,
        what=say(
            "update_running_stats with 3 running means for 2 channels",
            "2 个通道却有 3 个移动均值时的 update_running_stats",
        ),
    )
    expect_raises(
        ValueError,
        impl.update_running_stats,
        np.zeros(2),
        np.ones(2),
        np.arange(4.0),
        what=say("update_running_stats on a 1-D x", "x 为一维时的 update_running_stats"),
    )


# --------------------------------------------------------------------------- eval mode
@case("eval ignores the batch's own statistics", zh="eval 模式不使用当前 batch 自身的统计量")
def test_eval_not_batch_stats(impl):
    rng = np.random.default_rng(SEED + 5)
    x = rng.normal(100.0, 10.0, size=(32, 3))  # far from the running statistics
    _check_eval(
        impl,
        x,
        np.array([1.0, 2.0, -1.0]),
        np.array([0.0, 0.5, 1.0]),
        np.zeros(3),
        np.ones(3),
        what=say(
            "batchnorm_inference on a batch far from the running statistics",
            "batch 远离移动统计量时的 batchnorm_inference",
        ),
    )


@case("eval works on a batch of one sample", zh="eval 模式支持只有一个样本的 batch")
def test_eval_single_sample(impl):
    rng = np.random.default_rng(SEED + 6)
    gamma, beta, mean, var = _bn_params(rng, 3)
    _check_eval(
        impl,
        rng.normal(size=(1, 3)),
        gamma,
        beta,
        mean,
        var,
        what=say("batchnorm_inference on a (1, 3) batch", "(1, 3) batch 上的 batchnorm_inference"),
    )
    _check_eval(
        impl,
        rng.normal(size=(1, 3, 2, 2)),
        gamma,
        beta,
        mean,
        var,
        what=say(
            "batchnorm_inference on a (1, 3, 2, 2) batch",
            "(1, 3, 2, 2) batch 上的 batchnorm_inference",
        ),
    )


@case(
    "eval: a sample's output does not depend on the rest of the batch",
    zh="eval 模式：样本的输出与同一 batch 的其他样本无关",
)
def test_eval_independent_samples(impl):
    rng = np.random.default_rng(SEED + 7)
    gamma, beta, mean, var = _bn_params(rng, 4)
    x = rng.normal(size=(6, 4, 3))
    whole = _eval(impl, x, gamma, beta, mean, var)
    alone = _eval(impl, x[2:3].copy(), gamma, beta, mean, var)
    assert_close(
        alone[0],
        whole[2],
        say(
            "sample 2 alone vs inside its batch", "单独计算的样本 2（应与它在 batch 中的结果相同）"
        ),
        rtol=1e-12,
        atol=1e-12,
        hint=say(
            "eval-mode BN must not use any statistic of the batch",
            "eval 模式的 BN 不能使用 batch 的任何统计量",
        ),
    )


@case("eval on (N, C, H, W) acts per channel", zh="eval 模式在 (N, C, H, W) 上逐通道计算")
def test_eval_4d(impl):
    rng = np.random.default_rng(SEED + 8)
    gamma, beta, mean, var = _bn_params(rng, 3)
    _check_eval(
        impl,
        rng.normal(size=(2, 3, 4, 5)),
        gamma,
        beta,
        mean,
        var,
        what=say(
            "batchnorm_inference on a (2, 3, 4, 5) batch",
            "(2, 3, 4, 5) batch 上的 batchnorm_inference",
        ),
    )


@case("eval: eps inside the square root, default 1e-5", zh="eval 模式：eps 在平方根内，默认 1e-5")
def test_eval_eps(impl):
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    args = (np.ones(2), np.zeros(2), np.array([0.0, 1.0]), np.array([0.25, 1e-5]))
    _check_eval(
        impl,
        x,
        *args,
        1.0,
        what=say("batchnorm_inference with eps=1", "eps=1 时的 batchnorm_inference"),
    )
    _check_eval(
        impl,
        x,
        *args,
        what=say(
            "batchnorm_inference with running_var 1e-5 and the default eps",
            "running_var 为 1e-5、默认 eps 时的 batchnorm_inference",
        ),
    )


@case(
    "eval: float32 in, float32 out, inputs not modified",
    zh="eval 模式：输入 float32 则输出 float32，不修改输入",
)
def test_eval_float32_and_inputs(impl):
    rng = np.random.default_rng(SEED + 9)
    x = rng.normal(size=(5, 3, 2)).astype(np.float32)
    params = tuple(p.astype(np.float32) for p in _bn_params(rng, 3))
    copies = [a.copy() for a in (x, *params)]
    out = _eval(
        impl,
        x,
        *params,
        what=say("batchnorm_inference on float32", "float32 上的 batchnorm_inference"),
    )
    assert_close(
        out, _eval64(x, *params), say("float32 out", "float32 的 out"), rtol=1e-5, atol=1e-5
    )
    for before, after in zip(copies, (x, *params), strict=True):
        expect(
            np.array_equal(before, after),
            say(
                "batchnorm_inference modified an input in place",
                "batchnorm_inference 原地修改了某个输入",
            ),
        )


@case("eval: bad arguments raise ValueError", zh="eval 模式：非法参数抛出 ValueError")
def test_eval_errors(impl):
    x = np.ones((2, 3))
    ok = [np.ones(3), np.zeros(3), np.zeros(3), np.ones(3)]
    for k, name in enumerate(("gamma", "beta", "running_mean", "running_var")):
        bad = list(ok)
        bad[k] = np.ones(2)
        expect_raises(
            ValueError,
            impl.batchnorm_inference,
            x,
            *bad,
            what=say(
                "batchnorm_inference with {n} of shape (2,) for 3 channels",
                "3 个通道而 {n} 形状为 (2,) 时的 batchnorm_inference",
                n=name,
            ),
        )
    expect_raises(
        ValueError,
        impl.batchnorm_inference,
        x,
        *ok[:3],
        np.array([1.0, -0.5, 1.0]),
        what=say(
            "batchnorm_inference with a negative running_var entry",
            "running_var 有负数元素时的 batchnorm_inference",
        ),
    )
    expect_raises(
        ValueError,
        impl.batchnorm_inference,
        x,
        *ok,
        -1e-5,
        what="batchnorm_inference(x, ..., eps=-1e-5)",
    )
    expect_raises(
        ValueError,
        impl.batchnorm_inference,
        np.ones(3),
        *ok,
        what=say("batchnorm_inference on a 1-D x", "x 为一维时的 batchnorm_inference"),
    )


# --------------------------------------------------------------------------- folding
@case(
    "folded square Linear with bias equals Linear + eval BN",
    zh="带偏置、权重为方阵的 Linear 融合后等于 Linear + eval BN",
)
def test_fold_square(impl):
    rng = np.random.default_rng(SEED + 10)
    W, b = rng.normal(size=(4, 4)), rng.normal(size=4)
    _check_fold(
        impl,
        _linear,
        rng.normal(size=(6, 4)),
        W,
        b,
        what=say("a (4, 4) Linear with bias", "带偏置的 (4, 4) Linear"),
    )


@case("folded non-square Linear with bias", zh="融合带偏置、权重非方阵的 Linear")
def test_fold_rect(impl):
    rng = np.random.default_rng(SEED + 11)
    W, b = rng.normal(size=(3, 5)), rng.normal(size=3)
    _check_fold(
        impl,
        _linear,
        rng.normal(size=(7, 5)),
        W,
        b,
        what=say("a (3, 5) Linear with bias", "带偏置的 (3, 5) Linear"),
    )


@case("folded Linear without bias (b=None)", zh="融合不带偏置的 Linear（b=None）")
def test_fold_no_bias(impl):
    rng = np.random.default_rng(SEED + 12)
    for shape in ((4, 4), (2, 6)):
        W = rng.normal(size=shape)
        _, bf = _check_fold(
            impl,
            _linear,
            rng.normal(size=(5, shape[1])),
            W,
            None,
            what=say("a {s} Linear with b=None", "b=None 的 {s} Linear", s=str(shape)),
        )
        as_array(bf, say("b_folded for b=None", "b=None 时的 b_folded"), shape=(shape[0],))


@case("folded Conv2d equals Conv2d + eval BN", zh="Conv2d 融合后等于 Conv2d + eval BN")
def test_fold_conv(impl):
    rng = np.random.default_rng(SEED + 13)
    x = rng.normal(size=(2, 3, 5, 5))
    _check_fold(
        impl,
        _conv2d,
        x,
        rng.normal(size=(3, 3, 2, 2)),
        rng.normal(size=3),
        what=say("a (3, 3, 2, 2) Conv2d with bias", "带偏置的 (3, 3, 2, 2) Conv2d"),
    )
    _check_fold(
        impl,
        _conv2d,
        x,
        rng.normal(size=(4, 3, 3, 3)),
        None,
        what=say("a (4, 3, 3, 3) Conv2d without bias", "不带偏置的 (4, 3, 3, 3) Conv2d"),
    )


@case("folding: eps inside the square root, default 1e-5", zh="融合：eps 在平方根内，默认 1e-5")
def test_fold_eps(impl):
    rng = np.random.default_rng(SEED + 14)
    W, b, x = rng.normal(size=(3, 3)), rng.normal(size=3), rng.normal(size=(4, 3))
    _check_fold(impl, _linear, x, W, b, 1.0, what=say("eps=1", "eps=1"))
    gamma, beta, mean = np.ones(3), np.zeros(3), np.zeros(3)
    var = np.full(3, 1e-5)
    Wf, bf = _fold(impl, W, b, gamma, beta, mean, var)
    assert_close(
        Wf,
        W / np.sqrt(2e-5),
        say(
            "W_folded for running_var 1e-5 and the default eps",
            "running_var 为 1e-5、默认 eps 时的 W_folded",
        ),
        rtol=1e-9,
        hint=say(
            "scale = gamma / sqrt(running_var + eps) with eps = 1e-5",
            "scale = gamma / sqrt(running_var + eps)，其中 eps = 1e-5",
        ),
    )


@case(
    "folding: float32 in, float32 out, inputs not modified",
    zh="融合：输入 float32 则输出 float32，不修改输入",
)
def test_fold_float32_and_inputs(impl):
    rng = np.random.default_rng(SEED + 15)
    W, b = rng.normal(size=(3, 2, 2, 2)).astype(np.float32), rng.normal(size=3).astype(np.float32)
    params = tuple(p.astype(np.float32) for p in _bn_params(rng, 3))
    copies = [a.copy() for a in (W, b, *params)]
    Wf, bf = _fold(
        impl, W, b, *params, what=say("fold_batchnorm on float32", "float32 上的 fold_batchnorm")
    )
    scale = params[0].astype(float) / np.sqrt(params[3].astype(float) + 1e-5)
    assert_close(
        Wf,
        W * scale.reshape(-1, 1, 1, 1),
        say("float32 W_folded", "float32 的 W_folded"),
        rtol=1e-5,
        atol=1e-6,
    )
    assert_close(
        bf,
        (b - params[2]) * scale + params[1],
        say("float32 b_folded", "float32 的 b_folded"),
        rtol=1e-5,
        atol=1e-6,
    )
    for before, after in zip(copies, (W, b, *params), strict=True):
        expect(
            np.array_equal(before, after),
            say("fold_batchnorm modified an input in place", "fold_batchnorm 原地修改了某个输入"),
        )


@case("folding: bad arguments raise ValueError", zh="融合：非法参数抛出 ValueError")
def test_fold_errors(impl):
    W = np.ones((3, 2))
    ok = [np.ones(3), np.zeros(3), np.zeros(3), np.ones(3)]
    expect_raises(
        ValueError,
        impl.fold_batchnorm,
        W,
        np.ones(2),
        *ok,
        what=say(
            "fold_batchnorm with b of shape (2,) for 3 output channels",
            "3 个输出通道而 b 形状为 (2,) 时的 fold_batchnorm",
        ),
    )
    expect_raises(
        ValueError,
        impl.fold_batchnorm,
        W,
        None,
        np.ones(2),
        *ok[1:],
        what=say(
            "fold_batchnorm with gamma of shape (2,) for 3 output channels",
            "3 个输出通道而 gamma 形状为 (2,) 时的 fold_batchnorm",
        ),
    )
    expect_raises(
        ValueError,
        impl.fold_batchnorm,
        W,
        None,
        *ok[:3],
        np.ones(2),
        what=say(
            "fold_batchnorm with running_var of shape (2,) for 3 output channels",
            "3 个输出通道而 running_var 形状为 (2,) 时的 fold_batchnorm",
        ),
    )
    expect_raises(
        ValueError,
        impl.fold_batchnorm,
        np.ones(3),
        None,
        *ok,
        what=say("fold_batchnorm with a 1-D W", "W 为一维时的 fold_batchnorm"),
    )
    expect_raises(
        ValueError,
        impl.fold_batchnorm,
        W,
        None,
        *ok[:3],
        np.array([1.0, -0.5, 1.0]),
        what=say(
            "fold_batchnorm with a negative running_var entry",
            "running_var 有负数元素时的 fold_batchnorm",
        ),
    )
    expect_raises(
        ValueError, impl.fold_batchnorm, W, None, *ok, -1e-5, what="fold_batchnorm(..., eps=-1e-5)"
    )
    for k, name in ((1, "beta"), (2, "running_mean")):
        bad = list(ok)
        bad[k] = np.ones(2)
        expect_raises(
            ValueError,
            impl.fold_batchnorm,
            W,
            None,
            *bad,
            what=say(
                "fold_batchnorm with {n} of shape (2,) for 3 output channels",
                "3 个输出通道而 {n} 形状为 (2,) 时的 fold_batchnorm",
                n=name,
            ),
        )


# --------------------------------------------------------------------------- probes
def _probe_update(impl, momentum):
    x = np.random.default_rng(80).normal(2.0, 3.0, size=(5, 3))
    return impl.update_running_stats(np.array([1.0, 0.0, -1.0]), np.ones(3), x, momentum)


def _probe_eval(impl):
    x = np.random.default_rng(81).normal(10.0, 4.0, size=(4, 3))
    return impl.batchnorm_inference(
        x,
        np.array([1.0, -2.0, 0.5]),
        np.array([0.0, 1.0, 2.0]),
        np.array([1.0, 0.0, -1.0]),
        np.array([4.0, 0.5, 2.0]),
    )


def _probe_fold(impl, eps):
    rng = np.random.default_rng(82)
    W, b = rng.normal(size=(3, 3)), rng.normal(size=3)
    Wf, bf = impl.fold_batchnorm(
        W,
        b,
        np.array([1.0, -2.0, 0.5]),
        np.array([0.0, 1.0, 2.0]),
        np.array([1.0, 0.5, -1.0]),
        np.array([4.0, 0.5, 2.0]),
        eps,
    )
    return W, np.asarray(Wf, dtype=np.float64), np.asarray(bf, dtype=np.float64)


def _probe_fold_axis(impl):
    """1 when W is scaled row by row (output channels), 0 when column by column, 0.5 neither."""
    W, Wf, _ = _probe_fold(impl, 1e-5)
    ratio = Wf / W
    if np.allclose(ratio, ratio[:, :1]):
        return 1.0
    return 0.0 if np.allclose(ratio, ratio[:1, :]) else 0.5


def _probe_fold_scales(impl):
    """The scale factors applied to W with eps = 1, whichever axis they were applied along."""
    W, Wf, _ = _probe_fold(impl, 1.0)
    return np.unique(np.round(Wf / W, 4))


# Each probe reads one property, so that two errors in one function are both named: the
# momentum is read where it matters (0.3) and the variance where a flipped momentum does not
# (0.5); folding reads the axis W is scaled along, the scale itself, and the bias.
PROBES = {
    "update mean, momentum 0.3": lambda impl: _probe_update(impl, 0.3)[0],
    "update var, momentum 0.5": lambda impl: _probe_update(impl, 0.5)[1],
    "eval on a shifted batch": _probe_eval,
    "fold scales rows of W": _probe_fold_axis,
    "fold scale, eps=1": _probe_fold_scales,
    "fold bias": lambda impl: _probe_fold(impl, 1e-5)[2],
}


def timing_inputs():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8192, 256), dtype=np.float32)
    ones, zeros = np.ones(256, np.float32), np.zeros(256, np.float32)
    W = rng.standard_normal((256, 128, 3, 3), dtype=np.float32)
    return {
        "update_running_stats": (zeros, ones, x),
        "batchnorm_inference": (x, ones, zeros, zeros, ones),
        "fold_batchnorm": (W, zeros, ones, zeros, zeros, ones),
    }
