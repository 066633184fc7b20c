"""Hidden suite for the ``regularization`` challenge (ridge regression, card ``regularization``).

The reference point is the normal equations (X^T X + lam I) w = X^T y of the
objective ||y - Xw||^2 + lam*||w||^2 (no 1/n, no 1/2). Tolerances are relative
(1e-8) so any stable solver passes: solve, lstsq on an augmented system, SVD,
Cholesky, or the n x n dual form when d > n.
"""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import (
    as_array,
    assert_close,
    case,
    expect,
    expect_raises,
    say,
    values_right_on_arrays,
)

RTOL = 1e-8


def _problem(seed=0, n=50, d=8):
    gen = np.random.default_rng(seed)
    X = gen.standard_normal((n, d))
    y = X @ gen.uniform(-2, 2, d) + 0.5 * gen.standard_normal(n)
    return X, y


def _ridge(X, y, lam):
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)


def _fit(impl, X, y, lam):
    w = impl.ridge_fit(X, y, lam)
    return as_array(
        w,
        say(
            "ridge_fit(X, y, lam={lam}) with X of shape {s}",
            "ridge_fit(X, y, lam={lam})（X 的形状为 {s}）",
            lam=f"{lam:g}",
            s=str(X.shape),
        ),
        shape=(X.shape[1],),
    )


def _hint(X, y, lam, got):
    """Name the scaling mistake the result matches, if any."""
    n, d = X.shape
    candidates = [
        (
            say(
                "lam/2 (objective 0.5||y - Xw||^2 + lam/2·||w||^2, or lam/2 in the penalty)",
                "lam/2（目标函数写成了 0.5||y - Xw||^2 + lam/2·||w||^2，或惩罚项用了 lam/2）",
            ),
            _ridge(X, y, lam / 2),
        ),
        (
            say(
                "n·lam (a 1/n on the data term: (1/n)||y - Xw||^2 + lam||w||^2)",
                "n·lam（数据项多了 1/n：(1/n)||y - Xw||^2 + lam||w||^2）",
            ),
            _ridge(X, y, n * lam),
        ),
        ("2·lam", _ridge(X, y, 2 * lam)),
        (
            say(
                "lam added to every entry of X^T X (X.T @ X + lam instead of + lam * np.eye(d))",
                "把 lam 加到了 X^T X 的每个元素上（写成 X.T @ X + lam，而不是 + lam * np.eye(d)）",
            ),
            np.linalg.lstsq(X.T @ X + lam, X.T @ y, rcond=None)[0],
        ),
    ]
    for label, w in candidates:
        if np.allclose(got, w, rtol=1e-6, atol=1e-9):
            return say(
                "your result solves the problem with {label}; the normal equations are "
                "(X^T X + lam·I) w = X^T y",
                "你的结果对应的是 {label} 的问题；正规方程是 (X^T X + lam·I) w = X^T y",
                label=label,
            )
    return say(
        "w must solve the normal equations (X^T X + lam·I) w = X^T y",
        "w 必须满足正规方程 (X^T X + lam·I) w = X^T y",
    )


# --------------------------------------------------------------------------- visible
@case("ridge_fit on a 3 x 2 example", zh="ridge_fit：3 x 2 的小例子", visible=True)
def test_small_example(impl):
    """
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> ridge_fit(X, y, 1.0)  # (X^T X + I) w = X^T y: [[3, 1], [1, 3]] w = [4, 5]
    array([0.875, 1.375])
    """
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    y = np.array([1.0, 2.0, 3.0])
    got = _fit(impl, X, y, 1.0)
    assert_close(got, [0.875, 1.375], "ridge_fit(X, y, 1.0)", rtol=RTOL, hint=_hint(X, y, 1.0, got))


@case("lam = 0 with a full-rank X is least squares", zh="X 满秩时 lam = 0 即最小二乘", visible=True)
def test_lam_zero_example(impl):
    """
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> np.round(ridge_fit(X, y, 0.0), 10)
    array([1., 2.])
    """
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    y = np.array([1.0, 2.0, 3.0])
    assert_close(
        _fit(impl, X, y, 0.0),
        [1.0, 2.0],
        "ridge_fit(X, y, 0.0)",
        rtol=RTOL,
        atol=1e-10,
        hint=say(
            "without penalty ridge is ordinary least squares", "没有惩罚项时 ridge 就是普通最小二乘"
        ),
    )


# --------------------------------------------------------------------------- hidden
@case("ridge_fit solves the normal equations", zh="ridge_fit 求解正规方程")
def test_normal_equations(impl):
    X, y = _problem()
    for lam in (0.1, 2.5, 40.0):
        got = _fit(impl, X, y, lam)
        assert_close(
            got,
            _ridge(X, y, lam),
            f"ridge_fit(X, y, {lam})",
            rtol=RTOL,
            atol=1e-10,
            hint=_hint(X, y, lam, got),
        )


@case(
    "lam = 0 on a random full-rank problem is least squares", zh="随机满秩问题上 lam = 0 即最小二乘"
)
def test_least_squares(impl):
    X, y = _problem(seed=1, n=40, d=6)
    ls = np.linalg.lstsq(X, y, rcond=None)[0]
    assert_close(
        _fit(impl, X, y, 0.0),
        ls,
        "ridge_fit(X, y, 0)",
        rtol=RTOL,
        atol=1e-10,
        hint=say(
            "lam = 0 leaves the plain least-squares problem", "lam = 0 时只剩普通最小二乘问题"
        ),
    )


@case("larger lam shrinks the coefficients", zh="lam 越大，系数收缩越多")
def test_shrinkage(impl):
    X, y = _problem(seed=2)
    lams = [0.0, 0.1, 1.0, 10.0, 100.0, 1000.0]
    norms = [float(np.linalg.norm(_fit(impl, X, y, lam))) for lam in lams]
    expect(
        all(a > b for a, b in zip(norms, norms[1:], strict=False)),
        say(
            "||w|| must decrease strictly as lam grows (that is the point of the penalty); "
            "for lam = {lams} got norms {norms}",
            "lam 增大时 ||w|| 必须严格减小（这正是惩罚项的作用）；lam = {lams} 时得到的范数为 {norms}",
            lams=str(lams),
            norms=str(np.round(norms, 4).tolist()),
        ),
    )


@case(
    "very large lam shrinks towards X^T y / lam, never to exact zeros",
    zh="lam 极大时趋近 X^T y / lam，但不会出现精确的 0",
)
def test_large_lam(impl):
    X, y = _problem(seed=3)
    lam = 1e6
    w = _fit(impl, X, y, lam)
    assert_close(
        w, _ridge(X, y, lam), "ridge_fit(X, y, 1e6)", rtol=1e-7, atol=0, hint=_hint(X, y, lam, w)
    )
    limit = X.T @ y / lam
    expect(
        np.linalg.norm(w - limit) <= 1e-3 * np.linalg.norm(limit),
        say(
            "for huge lam, (X^T X + lam I) ≈ lam I, so w ≈ X^T y / lam",
            "lam 极大时 (X^T X + lam I) ≈ lam I，所以 w ≈ X^T y / lam",
        ),
    )
    expect(
        bool(np.all(w != 0.0)),
        say(
            "ridge shrinks coefficients towards 0 but never sets them exactly to 0",
            "ridge 把系数向 0 收缩，但从不把它们变成精确的 0",
        ),
    )


@case("more features than samples (lam > 0)", zh="特征数多于样本数（lam > 0）")
def test_wide(impl):
    X, y = _problem(seed=4, n=6, d=15)
    got = _fit(impl, X, y, 0.5)
    assert_close(
        got,
        _ridge(X, y, 0.5),
        say("ridge_fit on a 6 x 15 X with lam = 0.5", "6 x 15 的 X、lam = 0.5 时的 ridge_fit"),
        rtol=1e-7,
        atol=1e-10,
        hint=say(
            "with lam > 0 the solution is unique even when d > n", "lam > 0 时即使 d > n 解也唯一"
        ),
    )


@case("collinear columns (lam > 0)", zh="共线的列（lam > 0）")
def test_collinear(impl):
    X, y = _problem(seed=5, n=30, d=4)
    X = np.column_stack([X, X[:, 0]])  # two identical columns
    w = _fit(impl, X, y, 1.0)
    assert_close(
        w,
        _ridge(X, y, 1.0),
        say("ridge_fit with two identical columns", "有两列完全相同时的 ridge_fit"),
        rtol=1e-7,
        atol=1e-10,
    )
    expect(
        abs(w[0] - w[-1]) <= 1e-8 * max(1.0, abs(w[0])),
        say(
            "two identical columns get identical ridge weights (the penalty splits the weight "
            "evenly)",
            "两列完全相同时 ridge 给它们相同的权重（惩罚项把权重平均分开）",
        ),
    )


@case("lam < 0 raises ValueError", zh="lam < 0 时抛出 ValueError")
def test_negative_lam(impl):
    X, y = _problem()
    expect_raises(ValueError, impl.ridge_fit, X, y, -1.0, what="ridge_fit(X, y, lam=-1)")


@case("shape mismatch raises ValueError", zh="形状不匹配时抛出 ValueError")
def test_shape_mismatch(impl):
    X, y = _problem()
    expect_raises(
        ValueError,
        impl.ridge_fit,
        X,
        y[:-3],
        1.0,
        what=say("ridge_fit(X, y) with len(y) != n", "len(y) != n 时的 ridge_fit(X, y)"),
    )
    expect_raises(
        ValueError,
        impl.ridge_fit,
        X[:, 0],
        y,
        1.0,
        what=say("ridge_fit(X, y) with a 1-D X", "X 为一维时的 ridge_fit(X, y)"),
    )


@case("float64 result, inputs not modified", zh="结果为 float64，不修改输入")
def test_dtype_and_inputs(impl):
    X, y = _problem()
    X0, y0 = X.copy(), y.copy()
    w = impl.ridge_fit(X, y, 1.0)
    values_right_on_arrays(w, _ridge(X, y, 1.0), "ridge_fit(X, y, 1.0)", rtol=RTOL, atol=1e-10)
    as_array(w, "ridge_fit(X, y, 1.0)", shape=(X.shape[1],), dtype=np.float64)
    expect(
        np.array_equal(X, X0) and np.array_equal(y, y0),
        say("ridge_fit modified X or y in place", "ridge_fit 原地修改了 X 或 y"),
    )
    w32 = impl.ridge_fit(X.astype(np.float32), y.astype(np.float32), 1.0)
    X32, y32 = X.astype(np.float32).astype(np.float64), y.astype(np.float32).astype(np.float64)
    assert_close(
        w32,
        _ridge(X32, y32, 1.0),
        say("ridge_fit on float32 data", "float32 数据上的 ridge_fit"),
        rtol=1e-8,
        atol=1e-10,
        hint=say(
            "the values are right on float64 data; on float32 data solve in float64 too: "
            "convert X and y before computing X^T X",
            "在 float64 数据上数值正确；float32 数据也要用 float64 求解：先转换 X 和 y，再计算 X^T X",
        ),
    )
    as_array(
        w32,
        "ridge_fit(float32 X, float32 y, 1.0)",
        shape=(X.shape[1],),
        dtype=np.float64,
    )


@case("array-likes (lists) are accepted", zh="接受类数组输入（列表）")
def test_lists(impl):
    X = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    y = [1.0, 2.0, 3.0]
    values_right_on_arrays(
        impl.ridge_fit(np.array(X), np.array(y), 1.0),
        [0.875, 1.375],
        "ridge_fit(np.array(X), np.array(y), 1.0)",
        rtol=RTOL,
    )
    w = impl.ridge_fit(X, y, 1.0)
    assert_close(
        w,
        [0.875, 1.375],
        say("ridge_fit(list X, list y, 1.0)", "列表形式的 X、y 上的 ridge_fit(X, y, 1.0)"),
        rtol=RTOL,
        hint=say("convert inputs with np.asarray", "请先用 np.asarray 转换输入"),
    )


# --------------------------------------------------------------------------- diagnosis
def _probe_w(impl):
    X, y = _problem(seed=6, n=20, d=4)
    return np.asarray(impl.ridge_fit(X, y, 3.0), dtype=float)


def _probe_wide(impl):
    X, y = _problem(seed=7, n=4, d=6)
    return np.asarray(impl.ridge_fit(X, y, 2.0), dtype=float)


def _probe_rejects_negative(impl):
    X, y = _problem(seed=6, n=20, d=4)
    try:
        impl.ridge_fit(X, y, -1.0)
    except ValueError:
        return 1.0
    return 0.0


PROBES = {"w": _probe_w, "w_wide": _probe_wide, "rejects_negative_lam": _probe_rejects_negative}


def timing_inputs() -> dict[str, tuple]:
    """A 2000 x 200 regression."""
    X, y = _problem(seed=0, n=2000, d=200)
    return {"ridge_fit": (X, y, 1.0)}
