"""The normalisation references (cards 7, 9, 10, 11) against the contract:
hand-computed values, the properties the cards claim, dtype rules, inputs
never modified, every ValueError case, and the suites' worked examples run as
doctests against the references."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from quizzer.challenges import CHALLENGES, reference
from quizzer.suites import cases
from quizzer.suites.batchnorm.helpers import _numerical

MINE = ("batchnorm", "bn-inference", "bn-params", "bn-vs-ln", "bn-recsys")


@pytest.fixture(scope="module")
def bn():
    return reference("batchnorm")


def _bn64(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    axes = (0, *range(2, x.ndim))
    bshape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    x_hat = (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    return x_hat * np.reshape(gamma, bshape) + np.reshape(beta, bshape)


# --------------------------------------------------------------------------- worked examples
def _examples():
    for challenge in MINE:
        try:
            found = cases(challenge)
        except ImportError:  # pragma: no cover - a suite not written yet
            continue
        for c in found:
            if c.example:
                yield pytest.param(challenge, c, id=f"{challenge}:{c.id}")


@pytest.mark.parametrize(("challenge", "example"), list(_examples()))
def test_visible_example_is_what_the_reference_prints(challenge, example):
    ref = reference(challenge)
    globs = {"np": np, **{name: getattr(ref, name) for name in CHALLENGES[challenge]}}
    test = doctest.DocTestParser().get_doctest(example.example, globs, example.id, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=lambda text: None)
    assert runner.failures == 0 and test.examples, runner.summarize(verbose=False)


# --------------------------------------------------------------------------- batchnorm
def test_batchnorm_hand_computed(bn):
    x = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 30.0], [7.0, 40.0]])
    out, _ = bn.batchnorm_forward(x, np.array([1.0, 2.0]), np.array([0.0, 1.0]), eps=0.0)
    # channel 0: mean 4, biased var 5; channel 1: mean 25, biased var 125
    expected = np.column_stack(
        [np.array([-3, -1, 1, 3]) / np.sqrt(5), np.array([-15, -5, 5, 15]) / np.sqrt(125) * 2 + 1]
    )
    np.testing.assert_allclose(out, expected, rtol=1e-12)


@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 5), (2, 3, 4, 4)])
@pytest.mark.parametrize("loc", [0.0, 1e3])
def test_batchnorm_matches_formula_and_normalises(bn, shape, loc):
    rng = np.random.default_rng(0)
    x = rng.normal(loc, 2.0, size=shape)
    gamma, beta = rng.normal(size=shape[1]), rng.normal(size=shape[1])
    out, _ = bn.batchnorm_forward(x, gamma, beta)
    np.testing.assert_allclose(out, _bn64(x, gamma, beta), rtol=1e-9, atol=1e-9)
    plain, _ = bn.batchnorm_forward(x, np.ones(shape[1]), np.zeros(shape[1]))
    axes = (0, *range(2, len(shape)))
    np.testing.assert_allclose(plain.mean(axis=axes), 0, atol=1e-9)
    np.testing.assert_allclose(plain.var(axis=axes), 1, rtol=1e-4)


def test_batchnorm_backward_matches_central_differences(bn):
    rng = np.random.default_rng(1)
    x, dout = rng.normal(size=(3, 2, 2)), rng.normal(size=(3, 2, 2))
    gamma, beta = np.array([1.5, -0.7]), np.array([0.1, 0.2])
    _, cache = bn.batchnorm_forward(x, gamma, beta)
    dx, dgamma, dbeta = bn.batchnorm_backward(dout, cache)
    numerical = _numerical(bn, x, gamma, beta, dout, h=1e-6)
    for grad, num in zip((dx, dgamma, dbeta), numerical, strict=True):
        for i in range(grad.size):
            assert grad.flat[i] == pytest.approx(num.flat[i], rel=1e-6, abs=1e-8)


def test_batchnorm_gradient_is_orthogonal_to_shift_and_scale(bn):
    """Shifting or scaling a channel's input leaves its output unchanged: dx sums to 0 and is
    orthogonal to x - mean (up to eps)."""
    rng = np.random.default_rng(2)
    x, dout = rng.normal(3.0, 2.0, size=(50, 4)), rng.normal(size=(50, 4))
    _, cache = bn.batchnorm_forward(x, rng.normal(size=4), np.zeros(4))
    dx, _, _ = bn.batchnorm_backward(dout, cache)
    np.testing.assert_allclose(dx.sum(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(((x - x.mean(axis=0)) * dx).sum(axis=0), 0, atol=1e-4)


def test_batchnorm_float32_stays_float32_and_is_accurate(bn):
    rng = np.random.default_rng(3)
    x = rng.normal(50.0, 0.5, size=(256, 8)).astype(np.float32)  # mean >> std: the centred path
    gamma, beta = np.ones(8, np.float32), np.zeros(8, np.float32)
    out, cache = bn.batchnorm_forward(x, gamma, beta)
    dx, dgamma, dbeta = bn.batchnorm_backward(np.ones_like(x), cache)
    assert {a.dtype for a in (out, dx, dgamma, dbeta)} == {np.dtype(np.float32)}
    np.testing.assert_allclose(out, _bn64(x, gamma, beta), atol=2e-5)
    np.testing.assert_allclose(dx, 0, atol=5e-4)  # dx scale: dout / std = 2


def _bn_step(bn, x, seed=5):
    rng = np.random.default_rng(seed)
    gamma = rng.uniform(0.5, 1.5, x.shape[1]).astype(x.dtype)
    beta = rng.normal(size=x.shape[1]).astype(x.dtype)
    out, cache = bn.batchnorm_forward(x, gamma, beta)
    return (out, *bn.batchnorm_backward(rng.normal(size=x.shape).astype(x.dtype), cache))


@pytest.mark.parametrize(
    ("shape", "loc", "dtype"),
    [((7, 3), 0.0, np.float64), ((1001, 5), 40.0, np.float32), ((6, 4, 3, 3), 1.0, np.float32),
     ((1, 3, 4, 4), 0.0, np.float64), ((3, 2), 0.0, np.float64)],
)  # fmt: skip
def test_batchnorm_in_row_blocks_on_threads_equals_one_block(bn, monkeypatch, shape, loc, dtype):
    """A big batch is split into row blocks worked on by threads; any split gives the same
    numbers (up to rounding), including more blocks than rows and the centred path."""
    from concurrent.futures import ThreadPoolExecutor

    x = np.random.default_rng(6).normal(loc, 2.0, size=shape).astype(dtype)
    whole = _bn_step(bn, x)
    with ThreadPoolExecutor(3) as pool:
        monkeypatch.setattr(bn, "PARALLEL_FROM", 0)
        monkeypatch.setattr(bn, "_threads", lambda: (pool, 3))
        blocks = _bn_step(bn, x)
    tol = 1e-12 if dtype == np.float64 else 2e-4
    for a, b in zip(whole, blocks, strict=True):
        assert a.dtype == b.dtype == dtype
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol)


def test_batchnorm_where_threads_are_refused_runs_in_one_block(bn, monkeypatch):
    """The grading sandbox refuses new threads: the reference notices once and works alone."""
    import threading

    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    monkeypatch.setattr(bn.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(bn, "_pool", None)
    monkeypatch.setattr(bn, "PARALLEL_FROM", 0)
    x = np.random.default_rng(7).normal(size=(64, 3))
    out, cache = bn.batchnorm_forward(x, np.ones(3), np.zeros(3))
    np.testing.assert_allclose(out, _bn64(x, np.ones(3), np.zeros(3)), atol=1e-12)
    assert bn._threads() == (None, 0)


def test_batchnorm_in_a_forked_child_starts_its_own_threads(bn, monkeypatch):
    """A forked child inherits the pool object but not its threads: it must not wait on them."""
    import os
    import signal
    import time

    monkeypatch.setattr(bn, "PARALLEL_FROM", 0)
    x = np.random.default_rng(8).normal(size=(64, 3))
    expected = _bn_step(bn, x)  # the parent's pool exists now (when there is more than one CPU)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        same = all(np.allclose(a, b) for a, b in zip(_bn_step(bn, x), expected, strict=True))
        os._exit(0 if same else 1)
    deadline = time.monotonic() + 30
    while (done := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    if done[0] == 0:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail("the forked child hung waiting for threads it does not have")
    assert os.waitstatus_to_exitcode(done[1]) == 0


def test_batchnorm_constant_channel_is_beta(bn):
    x = np.column_stack([np.full(5, 0.1), np.arange(5.0)])
    out, _ = bn.batchnorm_forward(x, np.ones(2), np.array([7.0, 0.0]))
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out[:, 0], 7.0, atol=1e-9)


def test_batchnorm_does_not_modify_inputs(bn):
    rng = np.random.default_rng(4)
    arrays = x, gamma, beta, dout = (
        rng.normal(size=(5, 3)),
        rng.normal(size=3),
        rng.normal(size=3),
        rng.normal(size=(5, 3)),
    )
    copies = [a.copy() for a in arrays]
    _, cache = bn.batchnorm_forward(x, gamma, beta)
    bn.batchnorm_backward(dout, cache)
    for before, after in zip(copies, arrays, strict=True):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize(
    ("x", "gamma", "beta", "eps", "match"),
    [
        (np.ones((1, 3)), np.ones(3), np.zeros(3), 1e-5, "at least 2 values"),
        (np.ones((1, 2, 1, 1)), np.ones(2), np.zeros(2), 1e-5, "at least 2 values"),
        (np.ones(4), np.ones(4), np.zeros(4), 1e-5, "shape"),
        (np.ones((4, 3)), np.ones(2), np.zeros(3), 1e-5, "gamma"),
        (np.ones((4, 3)), np.ones(3), np.zeros((3, 1)), 1e-5, "beta"),
        (np.ones((4, 3)), np.ones(3), np.zeros(3), -1.0, "eps"),
    ],
)
def test_batchnorm_value_errors(bn, x, gamma, beta, eps, match):
    with pytest.raises(ValueError, match=match):
        bn.batchnorm_forward(x, gamma, beta, eps)


def test_batchnorm_backward_rejects_wrong_dout_shape(bn):
    _, cache = bn.batchnorm_forward(np.arange(6.0).reshape(3, 2), np.ones(2), np.zeros(2))
    with pytest.raises(ValueError, match="dout"):
        bn.batchnorm_backward(np.ones((2, 3)), cache)


# --------------------------------------------------------------------------- bn-params
@pytest.mark.parametrize("shape", [(8, 3), (4, 3, 5), (2, 3, 4, 4)])
@pytest.mark.parametrize("eps", [1e-5, 0.5])
def test_bn_identity_params_switch_bn_off(bn, shape, eps):
    rng = np.random.default_rng(5)
    x = rng.normal(size=shape) * rng.uniform(0.1, 5, shape[1]).reshape(
        1, -1, *[1] * (len(shape) - 2)
    )
    gamma, beta = reference("bn-params").bn_identity_params(x, eps)
    assert gamma.shape == beta.shape == (shape[1],)
    out, _ = bn.batchnorm_forward(x, gamma, beta, eps)
    np.testing.assert_allclose(out, x, rtol=1e-12, atol=1e-12)


def test_bn_identity_params_hand_computed_and_seed_order_is_wrong(bn):
    x = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 30.0], [7.0, 40.0]])
    gamma, beta = reference("bn-params").bn_identity_params(x, eps=0.0)
    np.testing.assert_allclose(gamma, np.sqrt([5.0, 125.0]))
    np.testing.assert_allclose(beta, [4.0, 25.0])
    # The seed's order (gamma = mean, beta = std) does not give x back.
    out, _ = bn.batchnorm_forward(x, beta, gamma, 0.0)
    assert not np.allclose(out, x)


def test_bn_identity_params_float32_and_input_untouched(bn):
    x = np.random.default_rng(6).normal(4.0, 2.0, size=(64, 4)).astype(np.float32)
    before = x.copy()
    gamma, beta = reference("bn-params").bn_identity_params(x)
    np.testing.assert_array_equal(x, before)
    assert gamma.dtype == beta.dtype == np.float32
    out, _ = bn.batchnorm_forward(x, gamma, beta)
    np.testing.assert_allclose(out, x, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("x", "eps"), [(np.ones(4), 1e-5), (np.ones((1, 3)), 1e-5), (np.ones((3, 2)), -1.0)]
)
def test_bn_identity_params_value_errors(x, eps):
    with pytest.raises(ValueError):
        reference("bn-params").bn_identity_params(x, eps)


# --------------------------------------------------------------------------- bn-vs-ln
@pytest.fixture(scope="module")
def norms():
    return reference("bn-vs-ln")


def _std64(x, axes, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)


@pytest.mark.parametrize("shape", [(5, 4), (2, 3, 6), (1, 7)])
@pytest.mark.parametrize("loc", [0.0, 1e3])
def test_layer_norm_matches_formula_and_ignores_the_batch(norms, shape, loc):
    rng = np.random.default_rng(7)
    x = rng.normal(loc, 2.0, size=shape)
    gamma, beta = rng.normal(size=shape[-1]), rng.normal(size=shape[-1])
    out = norms.layer_norm(x, gamma, beta)
    np.testing.assert_allclose(out, _std64(x, (-1,)) * gamma + beta, rtol=1e-9, atol=1e-9)
    other = x.copy()
    other[1:] += 100.0
    np.testing.assert_allclose(norms.layer_norm(other, gamma, beta)[0], out[0], rtol=1e-12)


def test_layer_norm_hand_computed(norms):
    out = norms.layer_norm(np.array([[1.0, 3.0]]), np.array([2.0, 2.0]), np.array([0.0, 1.0]), 0.0)
    np.testing.assert_allclose(out, [[-2.0, 3.0]])  # mean 2, biased var 1


@pytest.mark.parametrize("groups", [1, 2, 3, 6])
def test_group_norm_contiguous_groups(norms, groups):
    rng = np.random.default_rng(8)
    x = rng.normal(size=(2, 6, 3, 2)) + np.arange(6).reshape(1, 6, 1, 1)
    gamma, beta = rng.normal(size=6), rng.normal(size=6)
    out = norms.group_norm(x, groups, gamma, beta)
    size = 6 // groups
    for g in range(groups):
        chans = slice(g * size, (g + 1) * size)
        want = _std64(x[:, chans], (1, 2, 3)) * gamma[chans, None, None] + beta[chans, None, None]
        np.testing.assert_allclose(out[:, chans], want, rtol=1e-10, atol=1e-10)


def test_group_norm_extremes_are_layer_and_instance_norm(norms):
    rng = np.random.default_rng(9)
    x = rng.normal(size=(3, 4, 5))
    ones, zeros = np.ones(4), np.zeros(4)
    np.testing.assert_allclose(
        norms.group_norm(x, 4, ones, zeros), norms.instance_norm(x), rtol=1e-12, atol=1e-12
    )
    flat = norms.layer_norm(x.reshape(3, -1), np.ones(20), np.zeros(20)).reshape(x.shape)
    np.testing.assert_allclose(norms.group_norm(x, 1, ones, zeros), flat, rtol=1e-12, atol=1e-12)


def test_instance_norm_per_sample_and_channel(norms):
    x = np.random.default_rng(10).normal(3.0, 2.0, size=(2, 3, 4, 4))
    out = norms.instance_norm(x)
    np.testing.assert_allclose(out, _std64(x, (2, 3)), rtol=1e-10, atol=1e-10)


def test_norms_float32_and_inputs_untouched(norms):
    rng = np.random.default_rng(11)
    x = rng.normal(5.0, 2.0, size=(4, 6, 8)).astype(np.float32)
    g, b = np.ones(6, np.float32), np.zeros(6, np.float32)
    before = x.copy()
    outs = [
        norms.layer_norm(x, np.ones(8, np.float32), np.zeros(8, np.float32)),
        norms.group_norm(x, 3, g, b),
        norms.instance_norm(x),
    ]
    np.testing.assert_array_equal(x, before)
    assert all(o.dtype == np.float32 for o in outs)
    np.testing.assert_allclose(outs[2], _std64(x, (2,)), atol=2e-5)


@pytest.mark.parametrize(
    "call",
    [
        lambda f: f.layer_norm(np.ones((2, 3)), np.ones(2), np.zeros(3)),
        lambda f: f.layer_norm(np.ones((2, 3)), np.ones(3), np.zeros(3), -1.0),
        lambda f: f.group_norm(np.ones((2, 6, 2)), 4, np.ones(6), np.zeros(6)),
        lambda f: f.group_norm(np.ones((2, 6, 2)), 0, np.ones(6), np.zeros(6)),
        lambda f: f.group_norm(np.ones((2, 6, 2)), 2.0, np.ones(6), np.zeros(6)),
        lambda f: f.group_norm(np.ones((2, 6, 2)), 3, np.ones(3), np.zeros(6)),
        lambda f: f.group_norm(np.ones(6), 3, np.ones(6), np.zeros(6)),
        lambda f: f.instance_norm(np.ones((2, 3))),
        lambda f: f.instance_norm(np.ones((2, 3, 1, 1))),
    ],
)
def test_norms_value_errors(norms, call):
    with pytest.raises(ValueError):
        call(norms)


# --------------------------------------------------------------------------- bn-recsys
@pytest.fixture(scope="module")
def recsys():
    return reference("bn-recsys")


def _padded(seed=12, n=5, t=6, d=3, pad=np.nan):
    rng = np.random.default_rng(seed)
    mask = np.arange(t)[None, :] < rng.integers(1, t + 1, size=n)[:, None]
    x = rng.normal(2.0, 3.0, size=(n, t, d))
    x[~mask] = pad
    return x, mask, rng.normal(size=d), rng.normal(size=d)


@pytest.mark.parametrize("pad", [np.nan, np.inf, -1e308, 0.0])
def test_masked_bn_is_bn_of_the_real_positions(bn, recsys, pad):
    x, mask, gamma, beta = _padded(pad=pad)
    out = recsys.masked_batchnorm(x, mask, gamma, beta)
    plain, _ = bn.batchnorm_forward(x[mask], gamma, beta)
    np.testing.assert_allclose(out[mask], plain, rtol=1e-12, atol=1e-12)
    assert np.all(out[~mask] == 0.0)


def test_masked_bn_hand_computed(recsys):
    x = np.array([[[1.0], [3.0], [np.nan]], [[5.0], [np.nan], [np.nan]]])
    mask = np.array([[True, True, False], [True, False, False]])
    out = recsys.masked_batchnorm(x, mask, np.array([2.0]), np.array([1.0]), eps=0.0)
    s = np.sqrt(8 / 3)  # real values 1, 3, 5: mean 3, biased variance 8/3
    np.testing.assert_allclose(out[..., 0], [[1 - 4 / s, 1.0, 0.0], [1 + 4 / s, 0.0, 0.0]])


def test_masked_bn_int_mask_float32_and_inputs_untouched(recsys):
    x, mask, gamma, beta = _padded(seed=13, pad=np.nan)
    x = x.astype(np.float32)
    arrays = (x, mask, gamma, beta)
    copies = [a.copy() for a in arrays]
    out_bool = recsys.masked_batchnorm(x, mask, gamma, beta)
    out_int = recsys.masked_batchnorm(x, mask.astype(int), gamma, beta)
    assert out_bool.dtype == np.float32
    np.testing.assert_array_equal(out_bool, out_int)
    for before, after in zip(copies, arrays, strict=True):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize(
    "case_",
    ["mask_shape", "mask_values", "one_real", "ndim", "gamma", "eps"],
)
def test_masked_bn_value_errors(recsys, case_):
    x, mask, gamma, beta = np.ones((2, 3, 4)), np.ones((2, 3), bool), np.ones(4), np.zeros(4)
    eps = 1e-5
    if case_ == "mask_shape":
        mask = np.ones((3, 2), bool)
    elif case_ == "mask_values":
        mask = np.full((2, 3), 2)
    elif case_ == "one_real":
        mask = np.zeros((2, 3), bool)
        mask[0, 0] = True
    elif case_ == "ndim":
        x = np.ones((2, 3))
    elif case_ == "gamma":
        gamma = np.ones(3)
    else:
        eps = -1.0
    with pytest.raises(ValueError):
        recsys.masked_batchnorm(x, mask, gamma, beta, eps)
