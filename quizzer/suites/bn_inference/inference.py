"""``bn-inference``: hidden tests of ``batchnorm_inference`` (eval mode)."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    assert_close,
    case,
    expect,
    expect_raises,
    say,
)
from quizzer.suites.bn_inference.helpers import SEED, _bn_params, _check_eval, _eval, _eval64


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
