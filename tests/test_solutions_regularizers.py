"""The references of cards 1, 2, 3 and 5 (ridge, L1, L2 / weight decay, dropout) against the
contract, plus the worked examples of all six regularizer suites run as doctests, and the
rule that a solution file is self-contained (the grader runs it standalone)."""

from __future__ import annotations

import ast
import doctest
import warnings

import numpy as np
import pytest

from quizzer.challenges import CHALLENGES, reference, solution_path
from quizzer.suites import cases

MINE = ["regularization", "l1", "l2", "l1-sparsity", "dropout", "l1-drawbacks"]


# --------------------------------------------------------------------------- shared rules
@pytest.mark.parametrize("challenge", MINE)
def test_solution_is_self_contained(challenge):
    """Only numpy (and __future__) may be imported: the grader runs the file on its own."""
    tree = ast.parse(solution_path(challenge).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"numpy", "__future__"}, imported


@pytest.mark.parametrize("challenge", MINE)
def test_every_function_documents_math_contract_and_card(challenge):
    ref = reference(challenge)
    assert ref.__doc__ and len(ref.__doc__.split()) > 20
    for name in CHALLENGES[challenge]:
        doc = getattr(ref, name).__doc__
        assert doc and f"Card: {challenge}" in doc, name
        assert "Contract" in doc or "ValueError" in doc, name


def _visible_examples():
    for challenge in MINE:
        for c in cases(challenge):
            if c.example:
                yield pytest.param(challenge, c, id=f"{challenge}:{c.id}")


@pytest.mark.parametrize(("challenge", "case"), list(_visible_examples()))
def test_visible_example_runs_as_doctest_on_the_reference(challenge, case):
    ref = reference(challenge)
    globs = {"np": np, **{name: getattr(ref, name) for name in CHALLENGES[challenge]}}
    test = doctest.DocTestParser().get_doctest(case.example, globs, case.id, None, 0)
    assert test.examples, "a visible test's docstring must hold a worked example"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    out = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)


# --------------------------------------------------------------------------- ridge (card 1)
@pytest.fixture(scope="module")
def ridge():
    return reference("regularization").ridge_fit


def test_ridge_hand_computed(ridge):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    np.testing.assert_allclose(
        ridge(X, np.array([1.0, 2.0, 3.0]), 1.0), [7 / 8, 11 / 8], rtol=1e-14
    )


def test_ridge_matches_scikit_learn_and_minimises_the_objective(ridge):
    linear_model = pytest.importorskip("sklearn.linear_model")
    l2 = reference("l2").l2_penalty
    rng = np.random.default_rng(0)
    for n, d in ((50, 8), (6, 15)):
        X, y = rng.normal(size=(n, d)), rng.normal(size=n)
        w = ridge(X, y, 2.0)
        sk = linear_model.Ridge(alpha=2.0, fit_intercept=False, solver="svd").fit(X, y).coef_
        np.testing.assert_allclose(w, sk, rtol=1e-9, atol=1e-12)

        def objective(v, X=X, y=y):
            return float(np.sum((y - X @ v) ** 2)) + l2(v, 2.0)

        for _ in range(5):
            assert objective(w) <= objective(w + 1e-3 * rng.normal(size=d))


def test_ridge_shrinks_monotonically_and_never_to_zero(ridge):
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(40, 5)), rng.normal(size=40)
    norms = [np.linalg.norm(ridge(X, y, lam)) for lam in (0, 0.5, 5, 50, 500)]
    assert all(a > b for a, b in zip(norms, norms[1:], strict=False))
    assert np.all(ridge(X, y, 1e4) != 0)


def test_ridge_errors_dtype_and_inputs(ridge):
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(10, 3)).astype(np.float32), rng.normal(size=10).astype(np.float32)
    X0, y0 = X.copy(), y.copy()
    assert ridge(X, y, 1.0).dtype == np.float64
    assert np.array_equal(X, X0) and np.array_equal(y, y0)
    for bad in (
        (X, y, -1.0),
        (X, y[:-1], 1.0),
        (X[:, 0], y, 1.0),
        (X, y[:, None], 1.0),
        (X, y, "a"),
    ):
        with pytest.raises(ValueError):
            ridge(*bad)


# --------------------------------------------------------------------------- L1 and L2 (cards 2, 3)
@pytest.fixture(scope="module")
def l1():
    return reference("l1")


@pytest.fixture(scope="module")
def l2():
    return reference("l2")


def test_l1_values(l1):
    assert l1.l1_penalty(np.array([[1.0, -2.0], [0.0, 3.5]]), 0.5) == 3.25
    assert isinstance(l1.l1_penalty([1, -2], 1), float)
    g = l1.l1_subgradient(np.array([2.0, -1e-300, 0.0, -0.0]), 3.0)
    assert g.tolist() == [3.0, -3.0, 0.0, 0.0] and g.dtype == np.float64


def test_l1_subgradient_is_a_subgradient(l1):
    rng = np.random.default_rng(3)
    w = np.where(rng.random(30) < 0.3, 0.0, rng.normal(size=30))
    g = l1.l1_subgradient(w, 0.7)
    for _ in range(20):
        v = rng.normal(size=30)
        assert l1.l1_penalty(v, 0.7) >= l1.l1_penalty(w, 0.7) + g @ (v - w) - 1e-12


def test_l2_is_the_squared_norm_and_its_gradient(l2):
    w = np.array([3.0, 4.0])
    assert (
        l2.l2_penalty(w, 0.5) == 12.5
    )  # not 0.5 * ||w|| = 2.5: the seed's notation drops the square
    rng = np.random.default_rng(4)
    w, h = rng.normal(size=7), 1e-6
    numeric = [
        (l2.l2_penalty(w + h * e, 0.3) - l2.l2_penalty(w - h * e, 0.3)) / (2 * h) for e in np.eye(7)
    ]
    np.testing.assert_allclose(l2.l2_gradient(w, 0.3), numeric, rtol=1e-7)
    np.testing.assert_array_equal(l2.l2_gradient(w, 0.3), 0.6 * w)


def test_weight_decay_is_a_gradient_step_on_loss_plus_penalty(l2):
    """On loss(w) = 0.5||Aw - b||^2 the step equals w - lr * grad(loss + l2_penalty)."""
    rng = np.random.default_rng(5)
    A, b, w = rng.normal(size=(8, 4)), rng.normal(size=8), rng.normal(size=4)
    grad_loss = A.T @ (A @ w - b)
    w0, g0 = w.copy(), grad_loss.copy()
    new = l2.weight_decay_step(w, grad_loss, 0.05, 0.2)
    np.testing.assert_allclose(new, w - 0.05 * (grad_loss + l2.l2_gradient(w, 0.2)), rtol=1e-14)
    np.testing.assert_allclose(new, (1 - 2 * 0.05 * 0.2) * w - 0.05 * grad_loss, rtol=1e-13)
    assert np.array_equal(w, w0) and np.array_equal(grad_loss, g0)
    with pytest.raises(ValueError):
        l2.weight_decay_step(w, grad_loss[:3], 0.05, 0.2)
    with pytest.raises(ValueError):
        l2.weight_decay_step(w, grad_loss, -0.05, 0.2)


def test_elastic_net_penalty_is_l1_plus_l2(l1, l2):
    w = np.random.default_rng(6).normal(size=(3, 4))
    total = l2.elastic_net_penalty(w, 0.3, 0.7)
    assert total == pytest.approx(l1.l1_penalty(w, 0.3) + l2.l2_penalty(w, 0.7), rel=1e-14)
    assert l2.elastic_net_penalty([1.0, -2.0, 0.0, 3.0], 0.5, 0.25) == 6.5


@pytest.mark.parametrize(
    ("challenge", "name", "args"),
    [
        ("l1", "l1_penalty", ([1.0], -1.0)),
        ("l1", "l1_subgradient", ([1.0], -1.0)),
        ("l1", "l1_penalty", ([1.0], True)),
        ("l2", "l2_penalty", ([1.0], -1.0)),
        ("l2", "l2_gradient", ([1.0], float("nan"))),
        ("l2", "weight_decay_step", ([1.0], [1.0], 0.1, -1.0)),
        ("l2", "elastic_net_penalty", ([1.0], -1.0, 0.0)),
        ("l2", "elastic_net_penalty", ([1.0], 0.0, -1.0)),
    ],
)
def test_penalty_bad_strengths_raise(challenge, name, args):
    with pytest.raises(ValueError):
        getattr(reference(challenge), name)(*args)


# --------------------------------------------------------------------------- dropout (card 5)
@pytest.fixture(scope="module")
def drop():
    return reference("dropout")


def test_dropout_keeps_the_expectation(drop):
    """mean(out)/x over n draws has std sqrt(p/((1-p) n)); 6 sigma bound."""
    n, p = 200_000, 0.3
    x = np.tile(np.array([1.0, -2.0, 0.5]), (n, 1))
    out, mask = drop.dropout_forward(x, p, np.random.default_rng(0))
    bound = 6 * np.sqrt(p / ((1 - p) * n))
    assert np.max(np.abs(out.mean(axis=0) / x[0] - 1)) < bound
    assert abs(np.mean(mask == 0) - p) < 6 * np.sqrt(p * (1 - p) / mask.size)
    assert set(np.unique(mask)) == {0.0, 1 / (1 - p)}
    assert np.array_equal(out, x * mask)


def test_dropout_float32_and_eval_and_edges(drop):
    x = np.random.default_rng(1).normal(size=(64, 32)).astype(np.float32)
    x0 = x.copy()
    out, mask = drop.dropout_forward(x, 0.1, np.random.default_rng(2))
    assert out.dtype == mask.dtype == np.float32 and np.array_equal(x, x0)
    assert set(np.unique(mask)) == {np.float32(0), np.float32(1 / 0.9)}
    for kwargs in ({"p": 0.5, "training": False}, {"p": 0.0}):
        out, mask = drop.dropout_forward(x, rng=np.random.default_rng(0), **kwargs)
        assert np.array_equal(out, x) and np.array_equal(mask, np.ones_like(x)) and out is not x
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # p = 1: no division by zero, no 0 * inf
        out, mask = drop.dropout_forward(x, 1.0, np.random.default_rng(0))
    assert not out.any() and not mask.any() and out.dtype == np.float32
    for p in (-0.01, 1.01, float("nan"), None, True):
        with pytest.raises(ValueError):
            drop.dropout_forward(x, p, np.random.default_rng(0))


def test_dropout_seeding(drop):
    x = np.ones((20, 20))
    m1 = drop.dropout_forward(x, 0.5, np.random.default_rng(7))[1]
    m2 = drop.dropout_forward(x, 0.5, np.random.default_rng(7))[1]
    m3 = drop.dropout_forward(x, 0.5, np.random.default_rng(8))[1]
    assert np.array_equal(m1, m2) and not np.array_equal(m1, m3)


def test_dropout_backward_is_the_gradient_of_the_forward(drop):
    """Central differences of sum(dout * forward(x)) with the mask fixed by the seed."""
    rng = np.random.default_rng(3)
    x, dout = rng.normal(size=(5, 6)), rng.normal(size=(5, 6))
    _, mask = drop.dropout_forward(x, 0.4, np.random.default_rng(11))

    def f(v):
        return float(np.sum(dout * drop.dropout_forward(v, 0.4, np.random.default_rng(11))[0]))

    h = 1e-6
    numeric = np.array(
        [(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(30).reshape(30, 5, 6)]
    )
    dx = drop.dropout_backward(dout, mask)
    np.testing.assert_allclose(dx, numeric.reshape(5, 6), rtol=1e-6, atol=1e-8)
    assert (
        drop.dropout_backward(dout.astype(np.float32), mask.astype(np.float32)).dtype == np.float32
    )
    with pytest.raises(ValueError):
        drop.dropout_backward(dout, mask[:, :3])
