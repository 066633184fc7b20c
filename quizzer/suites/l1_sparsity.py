"""Hidden suite for the ``l1-sparsity`` challenge (soft thresholding and the Lasso).

A correct ``lasso`` may use any algorithm; the tests check what every exact
solution shares instead of coefficients to many digits: exact zeros, the
optimality (KKT) conditions to 1e-6, the all-zero solution for alpha above
max|X^T y|/n, and the closed form of an orthonormal design. Problems are small
(at most 60 x 50) and well conditioned so that ISTA or plain coordinate descent
converge well within the time limit.
"""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, assert_close, case, expect, expect_raises, say

KKT_TOL = 1e-6
_RELEVANT = (0, 3, 7)


def _sparse_problem(seed=5, n=60, d=12):
    """y depends on features 0, 3 and 7 only; alpha = 0.1 zeroes the nine others with a wide margin."""
    gen = np.random.default_rng(seed)
    X = gen.standard_normal((n, d))
    w_true = np.zeros(d)
    w_true[list(_RELEVANT)] = [3.0, -2.0, 1.5]
    y = X @ w_true + 0.1 * gen.standard_normal(n)
    return X, y


def _orthonormal(seed=3, n=40, d=8):
    """X with X^T X / n = I exactly (up to rounding)."""
    gen = np.random.default_rng(seed)
    q, _ = np.linalg.qr(gen.standard_normal((n, d)))
    X = np.sqrt(n) * q
    y = X @ gen.uniform(-2, 2, d) + 0.3 * gen.standard_normal(n)
    return X, y


def _lasso(impl, X, y, alpha):
    w = impl.lasso(X, y, alpha)
    return as_array(
        w,
        say(
            "lasso(X, y, alpha={a}) with X of shape {s}",
            "lasso(X, y, alpha={a})（X 的形状为 {s}）",
            a=f"{alpha:g}",
            s=str(X.shape),
        ),
        shape=(X.shape[1],),
    )


def _soft(w, t):
    return np.sign(w) * np.maximum(np.abs(w) - t, 0.0)


def _check_kkt(X, y, w, alpha, what):
    """g = X^T (y - X w)/n must equal alpha*sign(w_j) where w_j != 0 and lie in [-alpha, alpha] where w_j == 0."""
    n = X.shape[0]
    w = np.asarray(w, dtype=np.float64)
    g = X.T @ (y - X @ w) / n
    nz = w != 0
    off_support = np.abs(g[~nz]) - alpha
    on_support = np.abs(g[nz] - alpha * np.sign(w[nz]))
    worst_zero = float(np.max(off_support, initial=-np.inf))
    worst_nonzero = float(np.max(on_support, initial=0.0))
    expect(
        worst_nonzero <= KKT_TOL,
        say(
            "{what}: not optimal. Where w_j != 0 the optimality condition is "
            "X_j^T(y - Xw)/n = alpha·sign(w_j); it is off by {off} (tolerance {tol}). Check the "
            "1/(2n) scaling of the objective, the threshold (step·alpha in ISTA), and that the "
            "solver has converged.",
            "{what}：不是最优解。w_j != 0 处的最优性条件是 X_j^T(y - Xw)/n = alpha·sign(w_j)，"
            "偏差为 {off}（容差 {tol}）。请检查目标函数的 1/(2n) 缩放、阈值（ISTA 中是 step·alpha），"
            "以及求解器是否已经收敛。",
            what=what,
            off=f"{worst_nonzero:.3g}",
            tol=f"{KKT_TOL:g}",
        ),
    )
    expect(
        worst_zero <= KKT_TOL,
        say(
            "{what}: not optimal. Where w_j == 0 the condition is |X_j^T(y - Xw)/n| <= alpha; it "
            "is exceeded by {off} (tolerance {tol}): that coefficient should not be zero.",
            "{what}：不是最优解。w_j == 0 处的条件是 |X_j^T(y - Xw)/n| <= alpha，实际超出 {off}"
            "（容差 {tol}）：这个系数不应为 0。",
            what=what,
            off=f"{worst_zero:.3g}",
            tol=f"{KKT_TOL:g}",
        ),
    )


# --------------------------------------------------------------------------- visible
@case(
    "soft_threshold: values inside, at and outside the threshold",
    zh="soft_threshold：阈值以内、恰在阈值上和阈值以外的值",
    visible=True,
)
def test_soft_threshold_values(impl):
    """
    >>> soft_threshold(np.array([-3.0, -1.0, 0.5, 1.0, 2.5]), 1.0)
    array([-2. ,  0. ,  0. ,  0. ,  1.5])
    """
    got = impl.soft_threshold(np.array([-3.0, -1.0, 0.5, 1.0, 2.5]), 1.0)
    got = as_array(got, "soft_threshold(w, 1.0)", shape=(5,))
    hint = say(
        "S_t(w) = sign(w)·max(|w| - t, 0): shrink by t towards 0, exactly 0 when |w| <= t",
        "S_t(w) = sign(w)·max(|w| - t, 0)：向 0 收缩 t，|w| <= t 时恰为 0",
    )
    if np.allclose(got, [3.0, 1.0, 0.0, 0.0, 2.5], atol=1e-12) or np.allclose(
        got, [-3.0, 0, 0, 0, 2.5]
    ):
        hint = say(
            "that is hard thresholding (keep or kill); soft thresholding also shrinks the "
            "survivors by t",
            "这是硬阈值（要么保留，要么置零）；软阈值还要把保留下来的值收缩 t",
        )
    assert_close(got, [-2.0, 0.0, 0.0, 0.0, 1.5], "soft_threshold(w, 1.0)", hint=hint)


@case(
    "lasso: alpha >= max|X^T y|/n gives exactly zero",
    zh="lasso：alpha >= max|X^T y|/n 时解恰为 0",
    visible=True,
)
def test_alpha_max_example(impl):
    """
    >>> X = np.array([[1.0, 2.0], [3.0, -1.0], [0.0, 1.0], [2.0, 2.0]])
    >>> y = np.array([1.0, 2.0, -1.0, 0.5])
    >>> alpha_max = np.max(np.abs(X.T @ y)) / len(y)
    >>> alpha_max
    np.float64(2.0)
    >>> lasso(X, y, alpha_max)
    array([0., 0.])
    >>> bool(np.any(lasso(X, y, 0.9 * alpha_max) != 0))
    True
    """
    X = np.array([[1.0, 2.0], [3.0, -1.0], [0.0, 1.0], [2.0, 2.0]])
    y = np.array([1.0, 2.0, -1.0, 0.5])
    w = _lasso(impl, X, y, 2.0)
    expect(
        np.all(w == 0.0),
        say(
            "at alpha = max|X^T y|/n = 2 the Lasso solution is w = 0 exactly (the subgradient "
            "condition |X^T y|/n <= alpha holds at 0); got {w}",
            "alpha = max|X^T y|/n = 2 时 Lasso 的解恰为 w = 0（在 0 处次梯度条件 "
            "|X^T y|/n <= alpha 成立）；实际得到 {w}",
            w=str(w),
        ),
        expected=[0.0, 0.0],
        got=w,
    )
    w = _lasso(impl, X, y, 1.8)
    expect(
        np.any(w != 0),
        say(
            "just below alpha_max (alpha = 1.8) the solution is no longer zero",
            "略低于 alpha_max（alpha = 1.8）时解不再是 0",
        ),
    )


@case(
    "lasso: orthonormal design = soft-thresholded least squares",
    zh="lasso：正交设计 = 软阈值后的最小二乘",
    visible=True,
)
def test_orthonormal_example(impl):
    """
    >>> X = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])  # X^T X / n = I
    >>> y = np.array([3.0, 1.0, 0.0, -2.0])
    >>> X.T @ y / 4  # the least-squares solution
    array([1.5, 1. ])
    >>> np.round(lasso(X, y, 0.5), 6)  # each coefficient soft-thresholded by alpha
    array([1. , 0.5])
    >>> np.round(lasso(X, y, 1.2), 6)
    array([0.3, 0. ])
    """
    X = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])
    y = np.array([3.0, 1.0, 0.0, -2.0])
    for alpha, expected in ((0.5, [1.0, 0.5]), (1.2, [0.3, 0.0])):
        w = _lasso(impl, X, y, alpha)
        assert_close(
            w,
            expected,
            say(
                "lasso(X, y, {a}) with X^T X/n = I",
                "X^T X/n = I 时的 lasso(X, y, {a})",
                a=str(alpha),
            ),
            rtol=0,
            atol=1e-6,
            hint=say(
                "with an orthonormal design the Lasso is soft_threshold(X^T y/n, alpha)",
                "正交设计下 Lasso 的解就是 soft_threshold(X^T y/n, alpha)",
            ),
        )
    expect(
        _lasso(impl, X, y, 1.2)[1] == 0.0,
        say("lasso(X, y, 1.2)[1] must be exactly 0.0", "lasso(X, y, 1.2)[1] 必须恰好为 0.0"),
    )


# --------------------------------------------------------------------------- hidden: soft_threshold
@case("soft_threshold: t = 0 is the identity", zh="soft_threshold：t = 0 时为恒等映射")
def test_soft_threshold_zero(impl):
    w = np.random.default_rng(0).standard_normal((4, 5))
    got = impl.soft_threshold(w, 0.0)
    assert_close(
        got,
        w,
        "soft_threshold(w, 0)",
        rtol=0,
        atol=0,
        hint=say("nothing is shrunk when t = 0", "t = 0 时不做任何收缩"),
    )


@case("soft_threshold: negative t raises ValueError", zh="soft_threshold：t 为负时抛出 ValueError")
def test_soft_threshold_negative(impl):
    expect_raises(
        ValueError,
        impl.soft_threshold,
        np.array([1.0, -2.0]),
        -0.5,
        what="soft_threshold(w, t=-0.5)",
    )


@case(
    "soft_threshold: exact zeros and shape on a 2-D array",
    zh="soft_threshold：二维数组上的精确 0 与形状",
)
def test_soft_threshold_exact_zeros(impl):
    gen = np.random.default_rng(1)
    w = gen.uniform(-3, 3, size=(6, 7))
    w[0, :4] = [1.25, -1.25, 0.0, 1.2499]
    w0 = w.copy()
    got = as_array(
        impl.soft_threshold(w, 1.25),
        say("soft_threshold(w, 1.25) on a (6, 7) array", "(6, 7) 数组上的 soft_threshold(w, 1.25)"),
        shape=(6, 7),
    )
    expect(
        np.array_equal(w, w0),
        say(
            "soft_threshold modified w in place: return a new array",
            "soft_threshold 原地修改了 w：请返回新数组",
        ),
    )
    inside = np.abs(w) <= 1.25
    expect(
        bool(np.all(got[inside] == 0.0)),
        say(
            "where |w| <= t the result must be exactly 0.0 (not a tiny number): that exact zero "
            "is what makes L1 sparse",
            "|w| <= t 处结果必须恰好为 0.0（而不是一个极小的数）：正是这个精确的 0 让 L1 产生稀疏",
        ),
    )
    assert_close(
        got,
        _soft(w, 1.25),
        "soft_threshold(w, 1.25)",
        rtol=1e-12,
        atol=1e-12,
        hint=say("sign(w)·max(|w| - t, 0), elementwise", "逐元素计算 sign(w)·max(|w| - t, 0)"),
    )


@case(
    "soft_threshold minimises 0.5(u - w)^2 + t|u|", zh="soft_threshold 使 0.5(u - w)^2 + t|u| 最小"
)
def test_soft_threshold_is_prox(impl):
    gen = np.random.default_rng(2)
    w = gen.uniform(-2, 2, size=200)
    t = 0.7
    u = np.asarray(impl.soft_threshold(w, t), dtype=np.float64)
    expect(
        u.shape == w.shape,
        say(
            "soft_threshold should keep the shape {a}, got {b}",
            "soft_threshold 应当保持形状 {a}，实际是 {b}",
            a=str(w.shape),
            b=str(u.shape),
        ),
    )

    def objective(v):
        return 0.5 * (v - w) ** 2 + t * np.abs(v)

    best = objective(u)
    for candidate in (np.zeros_like(w), w, u + 1e-3, u - 1e-3, w - t * np.sign(w)):
        expect(
            bool(np.all(best <= objective(candidate) + 1e-12)),
            say(
                "soft_threshold(w, t) must be the minimiser of 0.5·(u - w)² + t·|u| (the "
                "proximal operator of t|·|); another point does better",
                "soft_threshold(w, t) 必须是 0.5·(u - w)² + t·|u| 的最小值点（t|·| 的近端算子）；"
                "有别的点取得了更小的值",
            ),
        )


# --------------------------------------------------------------------------- hidden: lasso
@case("lasso: exact zeros on irrelevant features", zh="lasso：无关特征的系数精确为 0")
def test_exact_zeros(impl):
    X, y = _sparse_problem()
    w = _lasso(impl, X, y, 0.1)
    irrelevant = [j for j in range(X.shape[1]) if j not in _RELEVANT]
    tiny = [f"{v:.2g}" for v in w[irrelevant] if v != 0.0]
    expect(
        bool(np.all(w[irrelevant] == 0.0)),
        say(
            "y depends on features {rel} only; with alpha = 0.1 the Lasso sets the other nine "
            "coefficients to exactly 0.0, got non-zeros {tiny}. Tiny non-zeros come from "
            "(sub)gradient descent on |w|: use soft thresholding (ISTA or coordinate descent), "
            "which produces exact zeros.",
            "y 只依赖特征 {rel}；alpha = 0.1 时 Lasso 会把其余九个系数设为恰好 0.0，实际得到非零值 "
            "{tiny}。极小的非零值来自对 |w| 做（次）梯度下降：请用软阈值（ISTA 或坐标下降），"
            "它能产生精确的 0。",
            rel=str(list(_RELEVANT)),
            tiny=str(tiny[:5]),
        ),
    )
    expect(
        bool(np.all(w[list(_RELEVANT)] != 0.0)),
        say(
            "the relevant features {rel} must be kept, got {w}",
            "相关特征 {rel} 必须保留，实际得到 {w}",
            rel=str(list(_RELEVANT)),
            w=str(w),
        ),
    )


@case("lasso: optimality (KKT) conditions to 1e-6", zh="lasso：最优性（KKT）条件满足到 1e-6")
def test_kkt(impl):
    X, y = _sparse_problem()
    for alpha in (0.1, 0.5, 1.5):
        w = _lasso(impl, X, y, alpha)
        _check_kkt(X, y, w, alpha, f"lasso(X, y, {alpha})")


@case("lasso: more features than samples", zh="lasso：特征数多于样本数")
def test_wide(impl):
    gen = np.random.default_rng(7)
    X = gen.standard_normal((30, 50))
    y = X[:, :4] @ np.array([2.0, -1.0, 1.0, 0.5]) + 0.05 * gen.standard_normal(30)
    w = _lasso(impl, X, y, 0.2)
    _check_kkt(X, y, w, 0.2, say("lasso on a 30 x 50 problem", "30 x 50 问题上的 lasso"))
    expect(
        int(np.sum(w != 0)) <= 30,
        say(
            "with 30 samples the Lasso keeps at most 30 non-zero coefficients",
            "只有 30 个样本时 Lasso 最多保留 30 个非零系数",
        ),
    )


@case("lasso: all zeros once alpha >= max|X^T y|/n", zh="lasso：alpha >= max|X^T y|/n 时全部为 0")
def test_alpha_max(impl):
    X, y = _sparse_problem()
    alpha_max = float(np.max(np.abs(X.T @ y)) / len(y))
    for alpha in (
        1.000001 * alpha_max,
        1.5 * alpha_max,
    ):  # (exactly alpha_max is a rounding toss-up)
        w = _lasso(impl, X, y, alpha)
        expect(
            bool(np.all(w == 0.0)),
            say(
                "alpha = {a} >= max|X^T y|/n = {m}, so w = 0 exactly; got {k} non-zero "
                "coefficients (largest {big}). Is the 1/n (or the 1/2) of the objective missing?",
                "alpha = {a} >= max|X^T y|/n = {m}，所以 w 应恰好为 0；实际有 {k} 个非零系数"
                "（最大的是 {big}）。是不是漏了目标函数中的 1/n（或 1/2）？",
                a=f"{alpha:.4g}",
                m=f"{alpha_max:.4g}",
                k=str(np.count_nonzero(w)),
                big=f"{np.max(np.abs(w)):.3g}",
            ),
        )


@case(
    "lasso: just below alpha_max only the most correlated feature enters",
    zh="lasso：略低于 alpha_max 时只有相关性最强的特征入选",
)
def test_first_feature(impl):
    X, y = _sparse_problem()
    corr = X.T @ y / len(y)
    j = int(np.argmax(np.abs(corr)))
    alpha = 0.98 * float(np.abs(corr[j]))
    w = _lasso(impl, X, y, alpha)
    expect(
        int(np.count_nonzero(w)) == 1 and w[j] != 0 and np.sign(w[j]) == np.sign(corr[j]),
        say(
            "at alpha = 0.98·max|X^T y|/n only feature {j} (the most correlated) is non-zero, "
            "with the sign of its correlation; got non-zeros at {nz}",
            "alpha = 0.98·max|X^T y|/n 时只有特征 {j}（相关性最强的那个）非零，且符号与其相关性相同；"
            "实际非零的位置是 {nz}",
            j=str(j),
            nz=str(np.flatnonzero(w).tolist()),
        ),
    )


@case(
    "lasso: orthonormal design equals soft-thresholded least squares",
    zh="lasso：正交设计下等于软阈值后的最小二乘解",
)
def test_orthonormal(impl):
    X, y = _orthonormal()
    ls = X.T @ y / X.shape[0]
    for alpha in (0.05, 0.4, 1.0):
        w = _lasso(impl, X, y, alpha)
        assert_close(
            w,
            _soft(ls, alpha),
            say(
                "lasso(X, y, {a}) with X^T X/n = I",
                "X^T X/n = I 时的 lasso(X, y, {a})",
                a=str(alpha),
            ),
            rtol=0,
            atol=1e-6,
            hint=say(
                "in an orthonormal design each coefficient is the least-squares one, "
                "soft-thresholded by alpha",
                "正交设计下每个系数就是最小二乘解再以 alpha 做软阈值",
            ),
        )
        expect(
            bool(np.all(w[np.abs(ls) <= alpha] == 0.0)),
            say(
                "alpha = {a}: coefficients whose least-squares value is below alpha must be "
                "exactly 0.0",
                "alpha = {a}：最小二乘值小于 alpha 的系数必须恰好为 0.0",
                a=str(alpha),
            ),
        )


@case("lasso has exact zeros where ridge has none", zh="lasso 有精确的 0，岭回归没有")
def test_ridge_contrast(impl):
    X, y = _sparse_problem()
    n, d = X.shape
    lam = 0.1
    ridge = np.linalg.solve(X.T @ X / n + lam * np.eye(d), X.T @ y / n)
    assert np.count_nonzero(ridge == 0) == 0  # the contrast: ridge only shrinks
    w = _lasso(impl, X, y, lam)
    expect(
        int(np.count_nonzero(w == 0.0)) >= 6,
        say(
            "with the same data and strength, ridge has no exact zero (smallest |w| = {m}) but "
            "the Lasso must have several; yours has {k}",
            "同样的数据和强度下，岭回归没有精确的 0（最小的 |w| = {m}），而 Lasso 必须有好几个；"
            "你的结果有 {k} 个",
            m=f"{np.min(np.abs(ridge)):.2g}",
            k=str(np.count_nonzero(w == 0.0)),
        ),
    )


@case("lasso: alpha = 0 is least squares", zh="lasso：alpha = 0 即最小二乘")
def test_alpha_zero(impl):
    X, y = _sparse_problem()
    w = _lasso(impl, X, y, 0.0)
    ls = np.linalg.lstsq(X, y, rcond=None)[0]
    assert_close(
        w,
        ls,
        "lasso(X, y, 0)",
        rtol=0,
        atol=1e-6,
        hint=say("without penalty the Lasso is least squares", "没有惩罚项时 Lasso 就是最小二乘"),
    )


@case("lasso: bad arguments raise ValueError", zh="lasso：非法参数抛出 ValueError")
def test_bad_arguments(impl):
    X, y = _sparse_problem()
    expect_raises(ValueError, impl.lasso, X, y, -0.1, what="lasso(X, y, alpha=-0.1)")
    expect_raises(
        ValueError,
        impl.lasso,
        X,
        y[:-1],
        0.1,
        what=say("lasso(X, y) with len(y) != n", "len(y) != n 时的 lasso(X, y)"),
    )
    expect_raises(
        ValueError,
        impl.lasso,
        X[:, 0],
        y,
        0.1,
        what=say("lasso(X, y) with a 1-D X", "X 为一维时的 lasso(X, y)"),
    )


@case("lasso: float64 result, inputs not modified", zh="lasso：结果为 float64，不修改输入")
def test_dtype_and_inputs(impl):
    X, y = _sparse_problem()
    X0, y0 = X.copy(), y.copy()
    w = impl.lasso(X, y, 0.1)
    as_array(w, "lasso(X, y, 0.1)", shape=(X.shape[1],), dtype=np.float64)
    expect(
        np.array_equal(X, X0) and np.array_equal(y, y0),
        say("lasso modified X or y in place", "lasso 原地修改了 X 或 y"),
    )


@case("lasso: float32 data is solved in float64", zh="lasso：float32 数据按 float64 求解")
def test_float32_inputs(impl):
    X, y = _sparse_problem()
    _check_kkt(X, y, _lasso(impl, X, y, 0.1), 0.1, "lasso(X, y, 0.1)")
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    w = impl.lasso(X32, y32, 0.1)
    as_array(w, "lasso(float32 X, float32 y, 0.1)", shape=(X.shape[1],), dtype=np.float64)
    _check_kkt(
        X32.astype(np.float64),
        y32.astype(np.float64),
        w,
        0.1,
        say(
            "lasso on float32 data (the values are right on float64 data: solve in float64 "
            "whatever the input dtype)",
            "float32 数据上的 lasso（在 float64 数据上数值正确：无论输入是什么 dtype，都要用 float64 求解）",
        ),
    )


# --------------------------------------------------------------------------- diagnosis
def _probe_soft(impl):
    return np.asarray(
        impl.soft_threshold(np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0]), 1.0), dtype=float
    )


def _probe_l1_norm(impl):
    X, y = _sparse_problem()
    return round(float(np.sum(np.abs(impl.lasso(X, y, 0.5)))), 1)


def _probe_zeros(impl):
    X, y = _sparse_problem()
    return float(np.count_nonzero(np.asarray(impl.lasso(X, y, 1.5)) == 0.0))


def _probe_orthonormal(impl):
    X, y = _orthonormal()
    return np.round(np.asarray(impl.lasso(X, y, 0.4), dtype=float), 2)


PROBES = {
    "soft_threshold": _probe_soft,
    "lasso_l1_norm": _probe_l1_norm,
    "lasso_zeros": _probe_zeros,
    "lasso_orthonormal": _probe_orthonormal,
}


def timing_inputs() -> dict[str, tuple]:
    """A 1000 x 200 sparse regression (the benchmark's size) and a 10^6-element threshold."""
    gen = np.random.default_rng(0)
    X = gen.standard_normal((1000, 200))
    w = np.zeros(200)
    w[:20] = gen.standard_normal(20) * 2
    y = X @ w + 0.5 * gen.standard_normal(1000)
    return {
        "soft_threshold": (gen.standard_normal(1_000_000), 0.5),
        "lasso": (X, y, 0.05),
    }
