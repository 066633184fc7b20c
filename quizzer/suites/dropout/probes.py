"""``dropout``: the diagnosis probes and the grader's timing inputs."""

from __future__ import annotations

import numpy as np

from quizzer.suites.sharing import shared

SHAPE = (200, 100)  # 20,000 units: each rounded rate or mean is 10+ standard deviations from
# the next rounding step (p = 0.3: mean(out) = 1 +- 0.005, drop rate 0.3 +- 0.003)


def _ones_forward(impl, p, training=True, seed=0, shape=SHAPE, dtype=np.float64, share=True):
    """``dropout_forward`` on ones; probes asking for the same call share it (``share``)."""

    def call():
        return impl.dropout_forward(
            np.ones(shape, dtype=dtype), p, np.random.default_rng(seed), training=training
        )

    if not share:
        return call()
    return shared(("ones", p, training, seed, shape, np.dtype(dtype).str), call)


def _probe_train_mean(impl):
    out, _ = _ones_forward(impl, 0.3)
    return round(float(np.mean(out)), 1)


def _probe_drop_rate(impl):
    _, mask = _ones_forward(impl, 0.3)
    return round(float(np.mean(np.asarray(mask) == 0)), 1)


def _probe_kept_value(impl):
    _, mask = _ones_forward(impl, 0.5)
    mask = np.asarray(mask, dtype=np.float64)
    return round(float(np.max(mask)), 3)


def _probe_eval_mean(impl):
    out, _ = _ones_forward(impl, 0.3, training=False)
    return round(float(np.mean(out)), 1)


def _probe_eval_exact(impl):
    out, mask = _ones_forward(impl, 0.3, training=False)
    return float(np.array_equal(out, np.ones(SHAPE)) and np.array_equal(mask, np.ones(SHAPE)))


def _probe_eval_kept_value(impl):
    _, mask = _ones_forward(impl, 0.3, training=False)
    return round(float(np.max(np.asarray(mask, dtype=np.float64))), 3)


def _probe_p1_finite(impl):
    out, mask = _ones_forward(impl, 1.0)
    return float(
        np.isfinite(np.asarray(out, dtype=float)).all()
        and np.isfinite(np.asarray(mask, dtype=float)).all()
    )


def _probe_p1_sum(impl):
    out, _ = _ones_forward(impl, 1.0)
    return float(np.nansum(np.abs(np.asarray(out, dtype=float))) > 0)


def _probe_backward(impl):
    return np.asarray(
        impl.dropout_backward(np.array([1.0, -2.0, 3.0, 4.0]), np.array([0.0, 2.5, 2.5, 0.0])),
        dtype=float,
    )


def _probe_out_itemsize(impl):
    out, _ = _ones_forward(impl, 0.3, dtype=np.float32, shape=(20, 20))
    return float(np.asarray(out).dtype.itemsize)


def _probe_mask_kind(impl):
    """1 for a float mask of x's dtype, 0 for a boolean or integer mask, 2 for another float dtype."""
    _, mask = _ones_forward(impl, 0.3, dtype=np.float32, shape=(20, 20))
    mask = np.asarray(mask)
    if mask.dtype.kind != "f":
        return 0.0
    return 1.0 if mask.dtype == np.float32 else 2.0


def _probe_rejects_bad_p(impl):
    try:
        impl.dropout_forward(np.ones(10), 1.5, np.random.default_rng(0))
    except ValueError:
        return 1.0
    return 0.0


def _probe_modifies_x(impl):
    x = np.ones((20, 20))
    impl.dropout_forward(x, 0.5, np.random.default_rng(0))
    return float(not np.array_equal(x, np.ones((20, 20))))


def _probe_repeated_rows(impl):
    _, mask = _ones_forward(impl, 0.5, shape=(200, 64))
    mask = np.asarray(mask)
    return round(float(np.mean(np.all(mask == mask[0], axis=1))), 1)


def _probe_same_seed(impl):
    _, m1 = _ones_forward(impl, 0.5, seed=5, shape=(30, 30), share=False)
    _, m2 = _ones_forward(impl, 0.5, seed=5, shape=(30, 30), share=False)
    return float(np.array_equal(m1, m2))


PROBES = {
    "train_mean": _probe_train_mean,
    "drop_rate": _probe_drop_rate,
    "kept_value": _probe_kept_value,
    "eval_mean": _probe_eval_mean,
    "eval_exact": _probe_eval_exact,
    "eval_kept_value": _probe_eval_kept_value,
    "p1_finite": _probe_p1_finite,
    "p1_nonzero": _probe_p1_sum,
    "backward": _probe_backward,
    "out_itemsize_f32": _probe_out_itemsize,
    "mask_kind_f32": _probe_mask_kind,
    "rejects_p_1.5": _probe_rejects_bad_p,
    "modifies_x": _probe_modifies_x,
    "repeated_rows": _probe_repeated_rows,
    "same_seed": _probe_same_seed,
}


def timing_inputs() -> dict[str, tuple]:
    """A (2048, 512) float32 activation: 4 MB, large enough that a Python loop is 100x slower,
    small enough to cross the sandbox quickly (bench/ compares the reference with PyTorch at
    (8192, 1024))."""
    gen = np.random.default_rng(0)
    x = gen.standard_normal((2048, 512), dtype=np.float32)
    mask = np.where(gen.random((2048, 512), dtype=np.float32) >= 0.5, np.float32(2), np.float32(0))
    return {
        "dropout_forward": (x, 0.5, np.random.default_rng(1)),
        "dropout_backward": (x, mask),
    }
