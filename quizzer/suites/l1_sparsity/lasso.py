"""``l1-sparsity``: hidden tests of ``lasso``."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, assert_close, case, expect, expect_raises, say
from quizzer.suites.l1_sparsity.helpers import (
    _RELEVANT,
    _check_kkt,
    _lasso,
    _orthonormal,
    _soft,
    _sparse_problem,
)


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
