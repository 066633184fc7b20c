"""The references of cards 4 and 6 (soft thresholding, the Lasso, the elastic net) against the
contract and against scikit-learn (a dev dependency; those tests skip without it): exact zeros,
the optimality conditions, the all-zero threshold, the orthonormal closed forms, ridge's lack
of zeros, the grouping effect, and the errors."""

from __future__ import annotations

import numpy as np
import pytest

from quizzer.challenges import reference


@pytest.fixture(scope="module")
def sparse():
    return reference("l1-sparsity")


@pytest.fixture(scope="module")
def enet():
    return reference("l1-drawbacks").elastic_net


def _problem(seed, n, d, k, noise=0.1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = np.zeros(d)
    w[:k] = rng.uniform(1, 3, k) * rng.choice([-1, 1], k)
    return X, X @ w + noise * rng.normal(size=n)


def _kkt_violation(X, y, w, l1, l2=0.0):
    g = X.T @ (y - X @ w) / len(y) - l2 * w
    nz = w != 0
    return max(
        np.max(np.abs(g[nz] - l1 * np.sign(w[nz])), initial=0.0),
        np.max(np.abs(g[~nz]) - l1, initial=0.0),
    )


def _sk(name, **kwargs):
    linear_model = pytest.importorskip("sklearn.linear_model")
    return getattr(linear_model, name)(fit_intercept=False, tol=1e-12, max_iter=1_000_000, **kwargs)


# --------------------------------------------------------------------------- soft thresholding
def test_soft_threshold_values_and_exact_zeros(sparse):
    w = np.array([-3.0, -1.0, -0.25, 0.0, 0.5, 1.0, 2.5])
    got = sparse.soft_threshold(w, 1.0)
    assert got.tolist() == [-2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.5]
    assert not np.signbit(got[got == 0]).any()  # clean +0.0 zeros
    np.testing.assert_array_equal(sparse.soft_threshold(w, 0.0), w)
    assert sparse.soft_threshold(w.astype(np.float32), 0.5).dtype == np.float32
    w2 = np.random.default_rng(0).normal(size=(4, 5))
    w2c = w2.copy()
    assert sparse.soft_threshold(w2, 0.3).shape == (4, 5) and np.array_equal(w2, w2c)
    for bad in (-0.1, float("nan"), "x"):
        with pytest.raises(ValueError):
            sparse.soft_threshold(w, bad)


def test_soft_threshold_is_the_proximal_operator(sparse):
    rng = np.random.default_rng(1)
    w, t = rng.normal(size=500), 0.6
    u = sparse.soft_threshold(w, t)
    grid = np.linspace(-4, 4, 8001)[:, None]
    brute = grid[np.argmin(0.5 * (grid - w) ** 2 + t * np.abs(grid), axis=0), 0]
    np.testing.assert_allclose(u, brute, atol=1e-3)


# --------------------------------------------------------------------------- lasso
@pytest.mark.parametrize(
    ("n", "d", "alpha"), [(60, 12, 0.1), (30, 50, 0.2), (200, 40, 0.02), (1000, 200, 0.05)]
)
def test_lasso_matches_scikit_learn(sparse, n, d, alpha):
    X, y = _problem(n + d, n, d, k=5)
    w = sparse.lasso(X, y, alpha)
    sk = _sk("Lasso", alpha=alpha).fit(X, y).coef_
    np.testing.assert_allclose(w, sk, atol=1e-8)
    assert np.array_equal(w == 0, sk == 0), "same support, with exact zeros"
    assert _kkt_violation(X, y, w, alpha) < 1e-9
    assert w.dtype == np.float64


def test_lasso_exact_zeros_where_ridge_has_none(sparse):
    X, y = _problem(2, 80, 15, k=3)
    w = sparse.lasso(X, y, 0.1)
    assert np.all(w[3:] == 0.0) and np.all(w[:3] != 0.0)
    ridge = reference("regularization").ridge_fit(X, y, 0.1 * len(y))
    assert np.count_nonzero(ridge == 0.0) == 0


def test_lasso_alpha_max_and_first_entry(sparse):
    X, y = _problem(3, 50, 10, k=4)
    c = X.T @ y / len(y)
    top = np.max(np.abs(c))
    assert np.all(sparse.lasso(X, y, top) == 0.0) and np.all(sparse.lasso(X, y, 10 * top) == 0.0)
    w = sparse.lasso(X, y, 0.99 * top)
    assert np.flatnonzero(w).tolist() == [int(np.argmax(np.abs(c)))]


def test_lasso_orthonormal_design_is_soft_thresholded_least_squares(sparse):
    rng = np.random.default_rng(4)
    q, _ = np.linalg.qr(rng.normal(size=(40, 6)))
    X = np.sqrt(40) * q
    y = rng.normal(size=40) * 2
    for alpha in (0.05, 0.3, 1.0):
        expected = sparse.soft_threshold(X.T @ y / 40, alpha)
        np.testing.assert_allclose(sparse.lasso(X, y, alpha), expected, atol=1e-12)


def test_lasso_alpha_zero_least_squares_and_errors(sparse):
    X, y = _problem(5, 40, 6, k=6)
    np.testing.assert_allclose(
        sparse.lasso(X, y, 0.0), np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-9
    )
    X0, y0 = X.copy(), y.copy()
    sparse.lasso(X.astype(np.float32), y, 0.1)
    assert np.array_equal(X, X0) and np.array_equal(y, y0)
    for bad in (
        (X, y, -1.0),
        (X, y[:-1], 0.1),
        (X[:, 0], y, 0.1),
        (X, y, float("inf")),
        (X * np.nan, y, 0.1),
    ):
        with pytest.raises(ValueError):
            sparse.lasso(*bad)


# --------------------------------------------------------------------------- elastic net
@pytest.mark.parametrize("l1_ratio", [1.0, 0.9, 0.5, 0.1, 0.0])
def test_elastic_net_matches_scikit_learn(enet, l1_ratio):
    X, y = _problem(6, 100, 20, k=5)
    w = enet(X, y, 0.2, l1_ratio)
    sk = _sk("ElasticNet", alpha=0.2, l1_ratio=l1_ratio).fit(X, y).coef_
    np.testing.assert_allclose(w, sk, atol=1e-8)
    assert np.array_equal(w == 0, sk == 0)
    assert _kkt_violation(X, y, w, 0.2 * l1_ratio, 0.2 * (1 - l1_ratio)) < 1e-9


def test_elastic_net_limits(enet, sparse):
    X, y = _problem(7, 60, 12, k=3)
    np.testing.assert_allclose(enet(X, y, 0.1, 1.0), sparse.lasso(X, y, 0.1), atol=1e-12)
    ridge = np.linalg.solve(X.T @ X / 60 + 0.3 * np.eye(12), X.T @ y / 60)
    w = enet(X, y, 0.3, 0.0)
    np.testing.assert_allclose(w, ridge, atol=1e-10)
    assert np.all(w != 0)


def test_elastic_net_grouping_effect(enet):
    """Identical columns: equal elastic-net weights; the Lasso only fixes their sum."""
    rng = np.random.default_rng(8)
    base = rng.normal(size=(50, 4))
    X = np.column_stack([base[:, 0], base])
    y = base @ np.array([2.0, -1.0, 0.0, 0.5]) + 0.1 * rng.normal(size=50)
    w = enet(X, y, 0.2, 0.5)
    assert abs(w[0] - w[1]) < 1e-9
    lasso = enet(X, y, 0.2, 1.0)
    reduced = enet(X[:, 1:], y, 0.2, 1.0)
    assert lasso[0] + lasso[1] == pytest.approx(reduced[0], rel=1e-9)


def test_elastic_net_errors(enet):
    X, y = _problem(9, 20, 3, k=2)
    for bad in (
        (X, y, -0.1, 0.5),
        (X, y, 0.1, 1.1),
        (X, y, 0.1, -0.1),
        (X, y[:3], 0.1, 0.5),
        (X, y, 0.1, None),
    ):
        with pytest.raises(ValueError):
            enet(*bad)
