"""The ``bn-inference`` reference (card 8) against the contract: the PyTorch
running-statistics convention, eval mode with running statistics only, and BN
folding proven equal to Linear/Conv followed by eval-mode BN."""

from __future__ import annotations

import numpy as np
import pytest

from quizzer.challenges import reference


@pytest.fixture(scope="module")
def ref():
    return reference("bn-inference")


def _eval64(x, gamma, beta, mean, var, eps=1e-5):
    s = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    return (x - mean.reshape(s)) / np.sqrt(var.reshape(s) + eps) * gamma.reshape(s) + beta.reshape(
        s
    )


def _conv2d(x, W, b):
    """Direct convolution by four nested loops: slow, obviously right."""
    n, _, h, w = x.shape
    o, _, kh, kw = W.shape
    out = np.zeros((n, o, h - kh + 1, w - kw + 1))
    for i in range(h - kh + 1):
        for j in range(w - kw + 1):
            patch = x[:, :, i : i + kh, j : j + kw]
            out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3]))
    return out + (0 if b is None else b.reshape(1, -1, 1, 1))


def _params(rng, c):
    return (rng.normal(size=c), rng.normal(size=c), rng.normal(size=c), rng.uniform(0.1, 3, c))


def test_update_hand_computed(ref):
    x = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 30.0], [7.0, 40.0]])
    mean, var = ref.update_running_stats(np.zeros(2), np.ones(2), x)
    np.testing.assert_allclose(mean, [0.4, 2.5])
    # unbiased batch variances: 20/3 and 500/3
    np.testing.assert_allclose(var, [0.9 + 0.1 * 20 / 3, 0.9 + 0.1 * 500 / 3])


def test_update_converges_to_population_statistics(ref):
    """Many updates with momentum 0.1 track the mean and the unbiased variance."""
    rng = np.random.default_rng(0)
    mean, var = np.zeros(2), np.ones(2)
    for _ in range(300):
        x = rng.normal([3.0, -1.0], [2.0, 0.5], size=(4, 2))  # tiny batches: bias would show
        mean, var = ref.update_running_stats(mean, var, x)
    np.testing.assert_allclose(mean, [3.0, -1.0], atol=0.6)
    np.testing.assert_allclose(var, [4.0, 0.25], rtol=0.35)


def test_update_spatial_and_float32(ref):
    x = np.random.default_rng(1).normal(size=(2, 3, 4, 4)).astype(np.float32)
    mean, var = ref.update_running_stats(np.zeros(3, np.float32), np.ones(3, np.float32), x, 1.0)
    assert mean.dtype == var.dtype == np.float32
    np.testing.assert_allclose(mean, x.mean(axis=(0, 2, 3)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(var, x.var(axis=(0, 2, 3), ddof=1), rtol=1e-5)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((np.zeros(2), np.ones(2), np.ones((1, 2))), "at least 2"),
        ((np.zeros(2), np.ones(2), np.ones((4, 2)), 1.5), "momentum"),
        ((np.zeros(3), np.ones(3), np.ones((4, 2))), "running_mean"),
        ((np.zeros(2), np.ones(3), np.ones((4, 2))), "running_var"),
        ((np.zeros(2), np.ones(2), np.ones(4)), "shape"),
    ],
)
def test_update_value_errors(ref, args, match):
    with pytest.raises(ValueError, match=match):
        ref.update_running_stats(*args)


def test_eval_uses_running_statistics_only(ref):
    rng = np.random.default_rng(2)
    gamma, beta, mean, var = _params(rng, 3)
    x = rng.normal(50.0, 9.0, size=(8, 3, 2))
    out = ref.batchnorm_inference(x, gamma, beta, mean, var)
    np.testing.assert_allclose(out, _eval64(x, gamma, beta, mean, var), rtol=1e-12)
    one = ref.batchnorm_inference(x[3:4], gamma, beta, mean, var)
    np.testing.assert_allclose(one[0], out[3], rtol=1e-14)


def test_eval_float32_and_inputs_untouched(ref):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 2, 3, 3)).astype(np.float32)
    params = [p.astype(np.float32) for p in _params(rng, 2)]
    copies = [a.copy() for a in (x, *params)]
    out = ref.batchnorm_inference(x, *params)
    assert out.dtype == np.float32
    for before, after in zip(copies, (x, *params), strict=True):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize("bad", ["gamma", "running_var", "negative_var", "eps", "ndim"])
def test_eval_value_errors(ref, bad):
    x, args = np.ones((2, 3)), [np.ones(3), np.zeros(3), np.zeros(3), np.ones(3)]
    kwargs = {}
    if bad == "gamma":
        args[0] = np.ones(2)
    elif bad == "running_var":
        args[3] = np.ones((3, 1))
    elif bad == "negative_var":
        args[3] = np.array([1.0, -1.0, 1.0])
    elif bad == "eps":
        kwargs["eps"] = -1.0
    else:
        x = np.ones(3)
    with pytest.raises(ValueError):
        ref.batchnorm_inference(x, *args, **kwargs)


@pytest.mark.parametrize("shape", [(4, 4), (3, 7), (6, 2)])
@pytest.mark.parametrize("with_bias", [True, False])
def test_fold_linear_equals_linear_then_eval_bn(ref, shape, with_bias):
    rng = np.random.default_rng(4)
    W = rng.normal(size=shape)
    b = rng.normal(size=shape[0]) if with_bias else None
    gamma, beta, mean, var = _params(rng, shape[0])
    x = rng.normal(size=(9, shape[1]))
    Wf, bf = ref.fold_batchnorm(W, b, gamma, beta, mean, var)
    assert isinstance(bf, np.ndarray) and bf.shape == (shape[0],)
    y = x @ W.T + (0 if b is None else b)
    np.testing.assert_allclose(
        x @ Wf.T + bf, _eval64(y, gamma, beta, mean, var), rtol=1e-10, atol=1e-10
    )


@pytest.mark.parametrize("w_shape", [(3, 3, 3, 3), (5, 3, 2, 3)])
@pytest.mark.parametrize("with_bias", [True, False])
def test_fold_conv_equals_conv_then_eval_bn(ref, w_shape, with_bias):
    rng = np.random.default_rng(5)
    W = rng.normal(size=w_shape)
    b = rng.normal(size=w_shape[0]) if with_bias else None
    gamma, beta, mean, var = _params(rng, w_shape[0])
    x = rng.normal(size=(2, 3, 6, 5))
    Wf, bf = ref.fold_batchnorm(W, b, gamma, beta, mean, var)
    expected = _eval64(_conv2d(x, W, b), gamma, beta, mean, var)
    np.testing.assert_allclose(_conv2d(x, Wf, bf), expected, rtol=1e-10, atol=1e-10)


def test_fold_float32_and_inputs_untouched(ref):
    rng = np.random.default_rng(6)
    W, b = rng.normal(size=(3, 2)).astype(np.float32), rng.normal(size=3).astype(np.float32)
    params = [p.astype(np.float32) for p in _params(rng, 3)]
    copies = [a.copy() for a in (W, b, *params)]
    Wf, bf = ref.fold_batchnorm(W, b, *params)
    assert Wf.dtype == bf.dtype == np.float32
    for before, after in zip(copies, (W, b, *params), strict=True):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize("bad", ["b", "beta", "W", "negative_var"])
def test_fold_value_errors(ref, bad):
    W, b, args = np.ones((3, 2)), np.ones(3), [np.ones(3), np.zeros(3), np.zeros(3), np.ones(3)]
    if bad == "b":
        b = np.ones(2)
    elif bad == "beta":
        args[1] = np.ones(4)
    elif bad == "W":
        W = np.ones(3)
    else:
        args[3] = -np.ones(3)
    with pytest.raises(ValueError):
        ref.fold_batchnorm(W, b, *args)


@pytest.mark.slow
def test_matches_pytorch_batchnorm_when_installed(ref):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    bn_layer = torch.nn.BatchNorm2d(3, momentum=0.1).double()
    mean, var = np.zeros(3), np.ones(3)
    for _ in range(3):
        x = rng.normal(2.0, 3.0, size=(4, 3, 2, 2))
        bn_layer.train()(torch.from_numpy(x))
        mean, var = ref.update_running_stats(mean, var, x)
    np.testing.assert_allclose(mean, bn_layer.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(var, bn_layer.running_var.numpy(), rtol=1e-12)
    x = rng.normal(size=(2, 3, 2, 2))
    with torch.no_grad():
        bn_layer.weight.copy_(torch.tensor([1.0, -2.0, 0.5]))
        bn_layer.bias.copy_(torch.tensor([0.0, 1.0, 2.0]))
        want = bn_layer.eval()(torch.from_numpy(x)).numpy()
    got = ref.batchnorm_inference(
        x, np.array([1.0, -2.0, 0.5]), np.array([0.0, 1.0, 2.0]), mean, var
    )
    np.testing.assert_allclose(got, want, rtol=1e-12)
