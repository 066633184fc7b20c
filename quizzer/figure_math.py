"""The math behind the five figures: pure functions that return data, no drawing.

Each figure is computed from the same formulas the cards teach, never drawn by
hand: the minima of the function plot come from the soft-threshold and ridge
closed forms, the constrained optima of the solution-space plot are solved for,
the priors are the real densities, the dropout mask follows the inverted-dropout
rule and the normalisation groups follow one axis rule per method.
``quizzer.figures`` names the figures and computes one by name with these functions.
"""

from __future__ import annotations

import math

from quizzer.cards import Text


def _finite(name: str, value: float) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


# --- penalized-loss (seed 4.2) ------------------------------------------------------------


def soft_threshold(w: float, t: float) -> float:
    """Proximal operator of t*|w|: sign(w) * max(|w| - t, 0); exactly 0.0 when |w| <= t."""
    if abs(w) <= t:
        return 0.0
    return w - t if w > 0 else w + t


def penalized_loss(
    lam: float = 1.0, slope: float = -0.8, curvature: float = 1.0, points: int = 241
) -> dict:
    """L(w) = a/2 (w - w0)^2, parametrised by its slope at the origin: L'(0) = slope = -a*w0.

    The minimiser of L(w) + C|w| is soft_threshold(w0, C/a), exactly 0 iff |L'(0)| <= C;
    the minimiser of L(w) + Cw^2 is a*w0/(a + 2C), never 0 while L'(0) != 0.
    """
    C, s, a = _finite("lam", lam), _finite("slope", slope), _finite("curvature", curvature)
    if C < 0:
        raise ValueError(f"lam (C) must be >= 0, got {C}")
    if a <= 0:
        raise ValueError(f"curvature (a) must be > 0, got {a}")
    if points < 3:
        raise ValueError(f"points must be >= 3, got {points}")
    w0 = -s / a
    # soft_threshold(w0, C/a) == soft_threshold(a*w0, C)/a: deciding on |slope| <= C keeps the
    # zero exact at the boundary, where C/a could round differently from |w0|.
    w_l1 = soft_threshold(-s, C) / a
    w_l2 = a * w0 / (a + 2 * C)

    def loss(w: float) -> float:
        return 0.5 * a * (w - w0) ** 2

    curves = {
        "loss": loss,
        "l2": lambda w: loss(w) + C * w * w,
        "l1": lambda w: loss(w) + C * abs(w),
    }
    half = max(1.6 * abs(w0), 1.0)
    grid = sorted(
        {-half + 2 * half * i / (points - 1) for i in range(points)} | {0.0, w0, w_l1, w_l2}
    )
    minima = {"loss": w0, "l2": w_l2, "l1": w_l1}
    return {
        "figure": "penalized-loss",
        "lam": C,
        "slope": s,
        "curvature": a,
        "w0": w0,
        "sparse": abs(s) <= C,
        # one-sided slopes of L(w) + C|w| at 0: a minimum at 0 iff left <= 0 <= right
        "l1_slopes_at_0": {"left": s - C, "right": s + C},
        "minima": {k: {"w": w, "value": curves[k](w)} for k, w in minima.items()},
        "w": grid,
        "curves": {k: [f(w) for w in grid] for k, f in curves.items()},
    }


# --- priors (seed 4.3) --------------------------------------------------------------------


def gaussian_pdf(w: float, variance: float) -> float:
    return math.exp(-w * w / (2 * variance)) / math.sqrt(2 * math.pi * variance)


def laplace_pdf(w: float, variance: float) -> float:
    b = math.sqrt(variance / 2)  # Laplace(0, b) has variance 2 b^2
    return math.exp(-abs(w) / b) / (2 * b)


def priors(variance: float = 1.0, points: int = 241) -> dict:
    """Gaussian and Laplace densities with the same variance, and their negative logs.

    MAP with a Gaussian prior adds w^2/(2 sigma^2) to the loss (L2); with a Laplace prior
    it adds |w|/b (L1). The Laplace density peaks higher at 0 and has a kink there.
    """
    v = _finite("variance", variance)
    if v <= 0:
        raise ValueError(f"variance must be > 0, got {v}")
    sigma, b = math.sqrt(v), math.sqrt(v / 2)
    half = 3.5 * sigma
    grid = sorted({-half + 2 * half * i / (points - 1) for i in range(points)} | {0.0})
    return {
        "figure": "priors",
        "variance": v,
        "sigma": sigma,
        "laplace_b": b,
        "peak": {"gaussian": gaussian_pdf(0.0, v), "laplace": laplace_pdf(0.0, v)},
        # one-sided derivatives of the density at 0: equal (0) for the Gaussian, +-p(0)/b for Laplace
        "slopes_at_0": {
            "gaussian": {"left": 0.0, "right": 0.0},
            "laplace": {"left": laplace_pdf(0.0, v) / b, "right": -laplace_pdf(0.0, v) / b},
        },
        "w": grid,
        "density": {
            "gaussian": [gaussian_pdf(w, v) for w in grid],
            "laplace": [laplace_pdf(w, v) for w in grid],
        },
        # -log p(w) + log p(0): the penalty each prior adds to the loss under MAP
        "penalty": {
            "gaussian": [w * w / (2 * v) for w in grid],
            "laplace": [abs(w) / b for w in grid],
        },
    }


# --- solution-space (seed 4.1) ------------------------------------------------------------

# The example loss: L(w) = (w - c)^T A (w - c), an ellipse tilted by -0.4 rad with
# curvatures 1 and 2, centred at c = (1, 2); the constraint radius is t = 1.
EXAMPLE_CENTER = (1.0, 2.0)
EXAMPLE_ANGLE, EXAMPLE_CURVATURES = -0.4, (1.0, 2.0)


def example_matrix() -> tuple[tuple[float, float], tuple[float, float]]:
    c, s = math.cos(EXAMPLE_ANGLE), math.sin(EXAMPLE_ANGLE)
    l1, l2 = EXAMPLE_CURVATURES
    return (
        (l1 * c * c + l2 * s * s, (l1 - l2) * c * s),
        ((l1 - l2) * c * s, l1 * s * s + l2 * c * c),
    )


def quadratic(A, c, w) -> float:
    d0, d1 = w[0] - c[0], w[1] - c[1]
    return A[0][0] * d0 * d0 + 2 * A[0][1] * d0 * d1 + A[1][1] * d1 * d1


def l1_ball_optimum(A, c, t: float) -> tuple[float, float]:
    """argmin of (w-c)^T A (w-c) over |w1| + |w2| <= t, exactly: the best point of the four edges."""
    if abs(c[0]) + abs(c[1]) <= t:
        return (float(c[0]), float(c[1]))
    vertices = [(t, 0.0), (0.0, t), (-t, 0.0), (0.0, -t)]
    best, best_q = None, math.inf
    for k in range(4):
        v, u = vertices[k], vertices[(k + 1) % 4]
        d = (u[0] - v[0], u[1] - v[1])
        r = (v[0] - c[0], v[1] - c[1])
        dad = A[0][0] * d[0] ** 2 + 2 * A[0][1] * d[0] * d[1] + A[1][1] * d[1] ** 2
        dar = A[0][0] * d[0] * r[0] + A[0][1] * (d[0] * r[1] + d[1] * r[0]) + A[1][1] * d[1] * r[1]
        step = min(max(-dar / dad, 0.0), 1.0)
        # a clipped step lands exactly on a vertex, whose other coordinate is exactly 0
        w = v if step == 0.0 else u if step == 1.0 else (v[0] + step * d[0], v[1] + step * d[1])
        q = quadratic(A, c, w)
        if q < best_q:
            best, best_q = w, q
    return best


def l2_ball_optimum(A, c, t: float) -> tuple[float, float]:
    """argmin of (w-c)^T A (w-c) over ||w||_2 <= t: w(mu) = (A + mu I)^-1 A c with ||w(mu)|| = t."""
    if math.hypot(*c) <= t:
        return (float(c[0]), float(c[1]))
    Ac = (A[0][0] * c[0] + A[0][1] * c[1], A[1][0] * c[0] + A[1][1] * c[1])

    def w_of(mu: float) -> tuple[float, float]:
        m00, m01, m11 = A[0][0] + mu, A[0][1], A[1][1] + mu
        det = m00 * m11 - m01 * m01
        return ((m11 * Ac[0] - m01 * Ac[1]) / det, (m00 * Ac[1] - m01 * Ac[0]) / det)

    lo, hi = 0.0, 1.0
    while math.hypot(*w_of(hi)) > t:
        hi *= 2
    for _ in range(200):  # ||w(mu)|| decreases in mu: bisect
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if math.hypot(*w_of(mid)) > t else (lo, mid)
    w = w_of(hi)
    n = math.hypot(*w)
    return (w[0] * t / n, w[1] * t / n)


def _ellipse(A, c, level: float, points: int) -> list[tuple[float, float]]:
    """The contour (w-c)^T A (w-c) = level: c + sqrt(level) * R diag(1/sqrt(l)) (cos, sin)."""
    ca, sa = math.cos(EXAMPLE_ANGLE), math.sin(EXAMPLE_ANGLE)
    r1, r2 = (math.sqrt(level / lam) for lam in EXAMPLE_CURVATURES)
    out = []
    for i in range(points + 1):
        th = 2 * math.pi * i / points
        x, y = r1 * math.cos(th), r2 * math.sin(th)
        out.append((c[0] + ca * x - sa * y, c[1] + sa * x + ca * y))
    return out


def solution_space(radius: float = 1.0, points: int = 160) -> dict:
    """The constrained optima of the example loss in the L1 diamond and the L2 disc of ``radius``."""
    t = _finite("radius", radius)
    if t <= 0:
        raise ValueError(f"radius must be > 0, got {t}")
    A, c = example_matrix(), EXAMPLE_CENTER
    w1, w2 = l1_ball_optimum(A, c, t), l2_ball_optimum(A, c, t)
    q1, q2 = quadratic(A, c, w1), quadratic(A, c, w2)
    circle = [
        (t * math.cos(2 * math.pi * i / points), t * math.sin(2 * math.pi * i / points))
        for i in range(points + 1)
    ]
    return {
        "figure": "solution-space",
        "radius": t,
        "loss": {"A": A, "center": c},
        "l1": {
            "optimum": w1,
            "loss": q1,
            "sparse": 0.0 in w1,
            "active": w1 != c,  # False: the unconstrained minimum already lies inside
            "boundary": [(t, 0.0), (0.0, t), (-t, 0.0), (0.0, -t), (t, 0.0)],
            "contour": _ellipse(A, c, q1, points),
        },
        "l2": {
            "optimum": w2,
            "loss": q2,
            "sparse": 0.0 in w2,
            "active": w2 != c,
            "boundary": circle,
            "contour": _ellipse(A, c, q2, points),
        },
        "contours": [_ellipse(A, c, level, points) for level in (0.15 * q1, 0.5 * q1)],
    }


# --- dropout (seed 5) ---------------------------------------------------------------------


def inverted_dropout_mask(size: int, p: float, rng) -> list[float]:
    """The seed's rule: r_i ~ U[0, 1); mask_i = 0 if r_i < p else 1/(1-p) (p=1: all zeros)."""
    r = rng.random(size)
    keep = 0.0 if p >= 1 else 1.0 / (1.0 - p)
    return [0.0 if ri < p else keep for ri in r.tolist()]


def dropout_network(p: float = 0.5, seed: int = 4, layers: tuple[int, ...] = (4, 5, 5, 2)) -> dict:
    """A small network; the input and hidden layers get a seeded inverted-dropout mask."""
    import numpy as np

    p = _finite("p", p)
    if not 0 <= p <= 1:
        raise ValueError(f"p (the drop probability) must be in [0, 1], got {p}")
    if len(layers) < 2 or min(layers) < 1:
        raise ValueError(f"layers must be at least two positive sizes, got {layers}")
    rng = np.random.default_rng(seed)
    masks = [inverted_dropout_mask(n, p, rng) for n in layers[:-1]] + [[1.0] * layers[-1]]
    kept = [sum(m > 0 for m in mask) for mask in masks]
    edges = sum(a * b for a, b in zip(layers, layers[1:], strict=False))
    live = sum(a * b for a, b in zip(kept, kept[1:], strict=False))
    return {
        "figure": "dropout",
        "p": p,
        "seed": seed,
        "scale": None if p >= 1 else 1.0 / (1.0 - p),
        "layers": list(layers),
        "masks": masks,  # the last (output) layer is never dropped
        "kept": kept,
        "edges": {"total": edges, "live": live},
    }


# --- norm-axes (seed 10) ------------------------------------------------------------------

# For an element (n, c, s) of an (N, C, H*W) tensor, the key of the statistics it is
# normalised with: elements with the same key share one mean and one variance.
# This is the single place the four axis rules live.
NORM_METHODS: dict[str, tuple[str, Text]] = {
    "bn": ("BatchNorm", Text("per channel, over N and H×W", "每个通道，跨 N 与 H×W")),
    "ln": ("LayerNorm", Text("per sample, over C and H×W", "每个样本，跨 C 与 H×W")),
    "in": ("InstanceNorm", Text("per sample and channel, over H×W", "每个样本每个通道，跨 H×W")),
    "gn": (
        "GroupNorm",
        Text(
            "per sample and channel group, over the group and H×W",
            "每个样本每组通道，跨组内通道与 H×W",
        ),
    ),
}


def stat_key(method: str, n: int, c: int, channels: int, groups: int) -> tuple[int, ...]:
    if method == "bn":
        return (c,)
    if method == "ln":
        return (n,)
    if method == "in":
        return (n, c)
    if method == "gn":
        return (n, c // (channels // groups))
    raise ValueError(f"unknown normalisation {method!r}; choose one of {', '.join(NORM_METHODS)}")


def norm_groups(method: str, n: int = 2, c: int = 6, hw: int = 3, groups: int = 2) -> list:
    """Group ids, shape (n, c, hw): equal ids share statistics; numbered in order of appearance."""
    if min(n, c, hw, groups) < 1:
        raise ValueError("n, c, hw and groups must all be >= 1")
    if method == "gn" and c % groups:
        raise ValueError(
            f"GroupNorm needs C divisible by the number of groups: C={c}, groups={groups}"
        )
    ids: dict[tuple[int, ...], int] = {}
    return [
        [
            [ids.setdefault(stat_key(method, i, j, c, groups), len(ids)) for _ in range(hw)]
            for j in range(c)
        ]
        for i in range(n)
    ]


def norm_axes(n: int = 2, c: int = 6, hw: int = 3, groups: int = 2) -> dict:
    """The statistics groups of BN, LN, IN and GN on an (n, c, hw) tensor."""
    for name, value in (("n", n), ("c", c), ("hw", hw), ("groups", groups)):
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return {
        "figure": "norm-axes",
        "shape": {"N": n, "C": c, "HW": hw},
        "groups": groups,
        "methods": {
            m: {"name": full, "rule": rule.en, "ids": norm_groups(m, n, c, hw, groups)}
            for m, (full, rule) in NORM_METHODS.items()
        },
    }
