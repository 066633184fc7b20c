"""``l1-drawbacks``: hidden tests of ``elastic_net``."""

from __future__ import annotations

import numpy as np

from quizzer.suites.base import as_array, assert_close, case, expect, expect_raises, say
from quizzer.suites.l1_drawbacks.helpers import (
    _check_kkt,
    _correlated_problem,
    _duplicated_problem,
    _fit,
)

# The Lasso suite's problems: the elastic net with l1_ratio = 1 must solve them the same way.
from quizzer.suites.l1_sparsity.helpers import _RELEVANT, _orthonormal, _soft, _sparse_problem


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
