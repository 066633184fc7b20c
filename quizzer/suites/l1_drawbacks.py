"""Hidden suite for the ``l1-drawbacks`` challenge (the elastic net, scikit-learn's objective).

Objective: (1/(2n))||y - Xw||^2 + alpha*l1_ratio*||w||_1 + 0.5*alpha*(1 - l1_ratio)*||w||^2.
Any converging algorithm passes: the tests check the optimality (KKT)
conditions to 1e-6, exact zeros, the closed forms at l1_ratio = 0 (ridge) and
in an orthonormal design, and the claims of the card: the Lasso keeps one of two
strongly correlated features while the elastic net keeps both, and identical
features get identical elastic-net weights (grouping effect).
"""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, assert_close, case, expect, expect_raises, say

# The Lasso suite's problems: the elastic net with l1_ratio = 1 must solve them the same way.
from quizzer.suites.l1_sparsity import _RELEVANT, _orthonormal, _sparse_problem

KKT_TOL = 1e-6


def _correlated_problem(seed=7, n=60):
    """Features 0 and 1 are 99% correlated and equally relevant; 2 and 5 matter too."""
    gen = np.random.default_rng(seed)
    z = gen.standard_normal(n)
    x1, x2 = z + 0.1 * gen.standard_normal(n), z + 0.1 * gen.standard_normal(n)
    others = gen.standard_normal((n, 4))
    X = np.column_stack([x1, x2, others])
    y = x1 + x2 + others @ np.array([1.0, 0.0, 0.0, -0.5]) + 0.3 * gen.standard_normal(n)
    return X, y


def _duplicated_problem(seed=11, n=50):
    """Column 0 appears twice (columns 0 and 1)."""
    gen = np.random.default_rng(seed)
    base = gen.standard_normal((n, 4))
    X = np.column_stack([base[:, 0], base])
    y = base @ np.array([2.0, -1.0, 0.0, 0.5]) + 0.2 * gen.standard_normal(n)
    return X, y


def _fit(impl, X, y, alpha, l1_ratio):
    w = impl.elastic_net(X, y, alpha, l1_ratio)
    return as_array(
        w,
        say(
            "elastic_net(X, y, alpha={a}, l1_ratio={r}) with X of shape {s}",
            "elastic_net(X, y, alpha={a}, l1_ratio={r})（X 的形状为 {s}）",
            a=f"{alpha:g}",
            r=f"{l1_ratio:g}",
            s=str(X.shape),
        ),
        shape=(X.shape[1],),
    )


def _soft(v, t):
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)


def _check_kkt(X, y, w, alpha, l1_ratio, what):
    n = X.shape[0]
    w = np.asarray(w, dtype=np.float64)
    g = X.T @ (y - X @ w) / n - alpha * (1 - l1_ratio) * w
    l1 = alpha * l1_ratio
    nz = w != 0
    worst_nonzero = float(np.max(np.abs(g[nz] - l1 * np.sign(w[nz])), initial=0.0))
    worst_zero = float(np.max(np.abs(g[~nz]) - l1, initial=-np.inf))
    expect(
        worst_nonzero <= KKT_TOL,
        say(
            "{what}: not optimal. Where w_j != 0 the optimality condition is "
            "X_j^T(y - Xw)/n - alpha(1-l1_ratio)·w_j = alpha·l1_ratio·sign(w_j); it is off by "
            "{off} (tolerance {tol}). Check the 1/(2n) on the data term, the 0.5 on the L2 term, "
            "which part l1_ratio weighs, and that the solver has converged.",
            "{what}：不是最优解。w_j != 0 处的最优性条件是 "
            "X_j^T(y - Xw)/n - alpha(1-l1_ratio)·w_j = alpha·l1_ratio·sign(w_j)，偏差为 {off}"
            "（容差 {tol}）。请检查数据项的 1/(2n)、L2 项的 0.5、l1_ratio 加权的是哪一项，"
            "以及求解器是否已经收敛。",
            what=what,
            off=f"{worst_nonzero:.3g}",
            tol=f"{KKT_TOL:g}",
        ),
    )
    expect(
        worst_zero <= KKT_TOL,
        say(
            "{what}: not optimal. Where w_j == 0 the condition is "
            "|X_j^T(y - Xw)/n| <= alpha·l1_ratio; it is exceeded by {off} (tolerance {tol}).",
            "{what}：不是最优解。w_j == 0 处的条件是 |X_j^T(y - Xw)/n| <= alpha·l1_ratio，"
            "实际超出 {off}（容差 {tol}）。",
            what=what,
            off=f"{worst_zero:.3g}",
            tol=f"{KKT_TOL:g}",
        ),
    )


# --------------------------------------------------------------------------- visible
@case(
    "orthonormal design: soft-threshold, then shrink", zh="正交设计：先软阈值，再收缩", visible=True
)
def test_orthonormal_example(impl):
    """
    >>> X = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])  # X^T X / n = I
    >>> y = np.array([3.0, 1.0, 0.0, -2.0])
    >>> X.T @ y / 4  # least squares
    array([1.5, 1. ])
    >>> # soft-threshold by alpha*l1_ratio = 0.5, divide by 1 + alpha*(1 - l1_ratio) = 1.5
    >>> np.round(elastic_net(X, y, 1.0, 0.5), 4)
    array([0.6667, 0.3333])
    """
    X = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])
    y = np.array([3.0, 1.0, 0.0, -2.0])
    w = _fit(impl, X, y, 1.0, 0.5)
    hint = say(
        "with X^T X/n = I: w = soft_threshold(X^T y/n, alpha·l1_ratio) / (1 + alpha·(1 - l1_ratio))",
        "X^T X/n = I 时：w = soft_threshold(X^T y/n, alpha·l1_ratio) / (1 + alpha·(1 - l1_ratio))",
    )
    if np.allclose(w, [0.5, 0.25], atol=1e-5):
        hint = say(
            "you divide by 1 + 2·alpha(1-l1_ratio): the L2 term is 0.5·alpha(1-l1_ratio)||w||², "
            "its gradient has no 2",
            "你除以的是 1 + 2·alpha(1-l1_ratio)：L2 项是 0.5·alpha(1-l1_ratio)||w||²，它的梯度没有 2",
        )
    assert_close(w, [2 / 3, 1 / 3], "elastic_net(X, y, 1.0, 0.5)", rtol=0, atol=1e-6, hint=hint)


@case(
    "identical features get identical weights (grouping effect)",
    zh="相同的特征得到相同的权重（组效应）",
    visible=True,
)
def test_grouping_example(impl):
    """
    >>> X = np.array([[1.0, 1.0, 0.0], [2.0, 2.0, 1.0], [0.0, 0.0, 1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, 2.0]])
    >>> y = np.array([2.0, 5.0, 1.0, 1.0, 0.0])
    >>> np.round(elastic_net(X, y, 0.1, 0.5), 4)  # columns 0 and 1 are identical
    array([0.9593, 0.9593, 0.9198])
    """
    X = np.array(
        [[1.0, 1.0, 0.0], [2.0, 2.0, 1.0], [0.0, 0.0, 1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, 2.0]]
    )
    y = np.array([2.0, 5.0, 1.0, 1.0, 0.0])
    w = _fit(impl, X, y, 0.1, 0.5)
    expect(
        abs(w[0] - w[1]) <= 1e-6 * max(1.0, abs(w[0])),
        say(
            "columns 0 and 1 are identical, so the strictly convex elastic net gives them the "
            "same weight; got {a} and {b}",
            "第 0 列和第 1 列完全相同，严格凸的弹性网络会给它们相同的权重；实际得到 {a} 和 {b}",
            a=f"{w[0]:.6g}",
            b=f"{w[1]:.6g}",
        ),
        expected="w[0] == w[1]",
        got=np.round(w, 6),
    )
    _check_kkt(X, y, w, 0.1, 0.5, "elastic_net(X, y, 0.1, 0.5)")


# --------------------------------------------------------------------------- hidden
@case("optimality (KKT) conditions to 1e-6", zh="最优性（KKT）条件满足到 1e-6")
def test_kkt(impl):
    X, y = _sparse_problem()
    for alpha, l1_ratio in ((0.1, 0.5), (0.3, 0.7), (1.0, 0.9), (0.5, 0.2)):
        w = _fit(impl, X, y, alpha, l1_ratio)
        _check_kkt(X, y, w, alpha, l1_ratio, f"elastic_net(X, y, {alpha}, {l1_ratio})")


@case("exact zeros on irrelevant features", zh="无关特征的系数精确为 0")
def test_exact_zeros(impl):
    X, y = _sparse_problem()
    w = _fit(impl, X, y, 0.3, 0.7)
    irrelevant = [j for j in range(X.shape[1]) if j not in _RELEVANT]
    expect(
        bool(np.all(w[irrelevant] == 0.0)),
        say(
            "with alpha = 0.3, l1_ratio = 0.7 the nine irrelevant coefficients are exactly 0.0; "
            "got {got} (use soft thresholding, not a subgradient step)",
            "alpha = 0.3、l1_ratio = 0.7 时，九个无关系数应当恰好为 0.0；实际得到 {got}"
            "（请用软阈值，而不是次梯度步）",
            got=str([f"{v:.2g}" for v in w[irrelevant] if v != 0][:5]),
        ),
    )


@case("l1_ratio = 1 is the Lasso", zh="l1_ratio = 1 即 Lasso")
def test_lasso_limit(impl):
    X, y = _sparse_problem()
    w = _fit(impl, X, y, 0.1, 1.0)
    _check_kkt(X, y, w, 0.1, 1.0, "elastic_net(X, y, 0.1, l1_ratio=1)")
    expect(
        int(np.count_nonzero(w == 0.0)) == 9,
        say(
            "with l1_ratio = 1 (the Lasso, alpha = 0.1) nine coefficients are exactly 0",
            "l1_ratio = 1（即 Lasso，alpha = 0.1）时应有九个系数恰好为 0",
        ),
    )


@case("l1_ratio = 0 is ridge, without exact zeros", zh="l1_ratio = 0 即岭回归，没有精确的 0")
def test_ridge_limit(impl):
    X, y = _sparse_problem()
    n, d = X.shape
    alpha = 0.4
    w = _fit(impl, X, y, alpha, 0.0)
    ridge = np.linalg.solve(X.T @ X / n + alpha * np.eye(d), X.T @ y / n)
    assert_close(
        w,
        ridge,
        "elastic_net(X, y, 0.4, l1_ratio=0)",
        rtol=0,
        atol=1e-6,
        hint=say(
            "with l1_ratio = 0 the objective is (1/(2n))||y - Xw||² + 0.5·alpha·||w||², "
            "solved by (X^T X/n + alpha·I) w = X^T y/n",
            "l1_ratio = 0 时目标函数是 (1/(2n))||y - Xw||² + 0.5·alpha·||w||²，"
            "解为 (X^T X/n + alpha·I) w = X^T y/n",
        ),
    )
    expect(
        bool(np.all(w != 0.0)),
        say(
            "ridge (l1_ratio = 0) shrinks but never gives exact zeros",
            "岭回归（l1_ratio = 0）只收缩系数，从不给出精确的 0",
        ),
    )


@case(
    "the Lasso keeps one of two correlated features, the elastic net both",
    zh="两个相关特征：Lasso 只保留一个，弹性网络两个都保留",
)
def test_correlated(impl):
    X, y = _correlated_problem()
    lasso = _fit(impl, X, y, 0.5, 1.0)
    enet = _fit(impl, X, y, 0.5, 0.3)
    on = say(" on correlated features", "（特征相关）")
    _check_kkt(
        X,
        y,
        lasso,
        0.5,
        1.0,
        say("elastic_net(X, y, 0.5, 1.0){on}", "elastic_net(X, y, 0.5, 1.0){on}", on=on),
    )
    _check_kkt(
        X,
        y,
        enet,
        0.5,
        0.3,
        say("elastic_net(X, y, 0.5, 0.3){on}", "elastic_net(X, y, 0.5, 0.3){on}", on=on),
    )
    expect(
        int(np.count_nonzero(lasso[:2])) == 1,
        say(
            "features 0 and 1 are 99% correlated: the Lasso (l1_ratio = 1) keeps exactly one of "
            "them; got {got}",
            "特征 0 和 1 的相关系数为 99%：Lasso（l1_ratio = 1）只保留其中一个；实际得到 {got}",
            got=str(np.round(lasso[:2], 4)),
        ),
    )
    expect(
        bool(np.all(enet[:2] != 0)) and abs(enet[0] - enet[1]) < 0.2 * abs(enet[0] + enet[1]),
        say(
            "the elastic net (l1_ratio = 0.3) keeps both correlated features with similar "
            "weights; got {got}",
            "弹性网络（l1_ratio = 0.3）会保留两个相关特征，且权重相近；实际得到 {got}",
            got=str(np.round(enet[:2], 4)),
        ),
    )


@case(
    "a duplicated feature: the Lasso only fixes the sum, the elastic net splits evenly",
    zh="重复的特征：Lasso 只确定两者之和，弹性网络平均分配",
)
def test_duplicated(impl):
    X, y = _duplicated_problem()
    reduced = X[:, 1:]
    w_red = _fit(impl, reduced, y, 0.2, 1.0)
    w = _fit(impl, X, y, 0.2, 1.0)
    _check_kkt(X, y, w, 0.2, 1.0, say("the Lasso with a duplicated column", "有一列重复时的 Lasso"))
    expect(
        w[0] * w[1] >= 0 and abs((w[0] + w[1]) - w_red[0]) <= 1e-5 * max(1.0, abs(w_red[0])),
        say(
            "with column 0 duplicated, any split w0 + w1 = {s} (the weight without the "
            "duplicate) with equal signs solves the Lasso; got w0 = {a}, w1 = {b}",
            "第 0 列重复时，任何同号且满足 w0 + w1 = {s}（去掉重复列后的权重）的分配都是 Lasso 的解；"
            "实际得到 w0 = {a}，w1 = {b}",
            s=f"{w_red[0]:.6g}",
            a=f"{w[0]:.6g}",
            b=f"{w[1]:.6g}",
        ),
    )
    w = _fit(impl, X, y, 0.2, 0.5)
    expect(
        abs(w[0] - w[1]) <= 1e-6 * max(1.0, abs(w[0])),
        say(
            "with l1_ratio = 0.5 the duplicated column gets exactly half each: w0 = w1; got {a}, {b}",
            "l1_ratio = 0.5 时重复的两列各得一半：w0 = w1；实际得到 {a}、{b}",
            a=f"{w[0]:.6g}",
            b=f"{w[1]:.6g}",
        ),
    )


@case(
    "all zeros once alpha * l1_ratio >= max|X^T y|/n",
    zh="alpha * l1_ratio >= max|X^T y|/n 时全部为 0",
)
def test_all_zero(impl):
    X, y = _sparse_problem()
    top = float(np.max(np.abs(X.T @ y)) / len(y))
    for l1_ratio, factor in ((1.0, 1.000001), (0.5, 1.000001), (0.3, 2.0)):
        w = _fit(impl, X, y, factor * top / l1_ratio, l1_ratio)
        expect(
            bool(np.all(w == 0.0)),
            say(
                "alpha·l1_ratio = {f}·max|X^T y|/n = {v} (l1_ratio = {r}): w = 0 is optimal and "
                "must be returned exactly; got {k} non-zeros",
                "alpha·l1_ratio = {f}·max|X^T y|/n = {v}（l1_ratio = {r}）：w = 0 是最优解，"
                "必须精确返回全零；实际有 {k} 个非零值",
                f=f"{factor:g}",
                v=f"{factor * top:.7g}",
                r=str(l1_ratio),
                k=str(np.count_nonzero(w)),
            ),
        )


@case("orthonormal design closed form", zh="正交设计下的闭式解")
def test_orthonormal(impl):
    X, y = _orthonormal()
    ls = X.T @ y / X.shape[0]
    for alpha, l1_ratio in ((0.4, 0.5), (1.0, 0.9), (0.3, 0.1)):
        w = _fit(impl, X, y, alpha, l1_ratio)
        expected = _soft(ls, alpha * l1_ratio) / (1 + alpha * (1 - l1_ratio))
        assert_close(
            w,
            expected,
            say(
                "elastic_net(X, y, {a}, {r}) with X^T X/n = I",
                "X^T X/n = I 时的 elastic_net(X, y, {a}, {r})",
                a=str(alpha),
                r=str(l1_ratio),
            ),
            rtol=0,
            atol=1e-6,
            hint="soft_threshold(X^T y/n, alpha·l1_ratio) / (1 + alpha·(1 - l1_ratio))",
        )


@case("bad arguments raise ValueError", zh="非法参数抛出 ValueError")
def test_bad_arguments(impl):
    X, y = _sparse_problem()
    for args, what in (
        ((X, y, -0.1, 0.5), "alpha=-0.1"),
        ((X, y, 0.1, -0.1), "l1_ratio=-0.1"),
        ((X, y, 0.1, 1.5), "l1_ratio=1.5"),
        ((X, y[:-1], 0.1, 0.5), "len(y) != n"),
        ((X[:, 0], y, 0.1, 0.5), say("a 1-D X", "一维的 X")),
    ):
        expect_raises(
            ValueError,
            impl.elastic_net,
            *args,
            what=say("elastic_net with {w}", "{w} 时的 elastic_net", w=what),
        )


@case("float64 result, inputs not modified", zh="结果为 float64，不修改输入")
def test_dtype_and_inputs(impl):
    X, y = _sparse_problem()
    X0, y0 = X.copy(), y.copy()
    w = impl.elastic_net(X, y, 0.1, 0.5)
    as_array(w, "elastic_net(X, y, 0.1, 0.5)", shape=(X.shape[1],), dtype=np.float64)
    expect(
        np.array_equal(X, X0) and np.array_equal(y, y0),
        say("elastic_net modified X or y in place", "elastic_net 原地修改了 X 或 y"),
    )


@case("float32 data is solved in float64", zh="float32 数据按 float64 求解")
def test_float32_inputs(impl):
    X, y = _sparse_problem()
    _check_kkt(X, y, _fit(impl, X, y, 0.3, 0.7), 0.3, 0.7, "elastic_net(X, y, 0.3, 0.7)")
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    w = impl.elastic_net(X32, y32, 0.3, 0.7)
    _check_kkt(
        X32.astype(np.float64),
        y32.astype(np.float64),
        as_array(w, "elastic_net(float32 X, float32 y, 0.3, 0.7)", shape=(X.shape[1],)),
        0.3,
        0.7,
        say(
            "elastic_net on float32 data (the values are right on float64 data: solve in "
            "float64 whatever the input dtype)",
            "float32 数据上的 elastic_net（在 float64 数据上数值正确：无论输入是什么 dtype，都要用 "
            "float64 求解）",
        ),
    )
    as_array(
        w, "elastic_net(float32 X, float32 y, 0.3, 0.7)", shape=(X.shape[1],), dtype=np.float64
    )


# --------------------------------------------------------------------------- diagnosis
def _probe_orthonormal(impl):
    X, y = _orthonormal()
    return np.round(np.asarray(impl.elastic_net(X, y, 0.5, 0.7), dtype=float), 2)


def _probe_l1_norm(impl):
    X, y = _sparse_problem()
    return round(float(np.sum(np.abs(impl.elastic_net(X, y, 0.5, 0.5)))), 1)


def _probe_zeros(impl):
    X, y = _sparse_problem()
    return float(np.count_nonzero(np.asarray(impl.elastic_net(X, y, 1.0, 0.9)) == 0.0))


PROBES = {"orthonormal": _probe_orthonormal, "l1_norm": _probe_l1_norm, "zeros": _probe_zeros}


def timing_inputs() -> dict[str, tuple]:
    """A 1000 x 200 sparse regression (the benchmark's size)."""
    gen = np.random.default_rng(0)
    X = gen.standard_normal((1000, 200))
    w = np.zeros(200)
    w[:20] = gen.standard_normal(20) * 2
    y = X @ w + 0.5 * gen.standard_normal(1000)
    return {"elastic_net": (X, y, 0.05, 0.5)}
