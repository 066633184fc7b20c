"""``bn-vs-ln``: the diagnosis probes and the grader's timing inputs."""

from __future__ import annotations

import numpy as np


def _px(shape, seed):
    return np.random.default_rng(seed).normal(1.0, 2.0, size=shape)


# eps is tiny, so that the axes and the variance are named whatever the file does with eps.
PROBES = {
    "layer_norm (5, 4)": lambda impl: impl.layer_norm(
        _px((5, 4), 100), np.array([1.0, 2.0, 0.5, -1.0]), np.array([0.0, 1.0, -1.0, 0.5]), 1e-9
    ),
    "layer_norm (2, 3, 4)": lambda impl: impl.layer_norm(
        _px((2, 3, 4), 101), np.ones(4), np.zeros(4), 1e-9
    ),
    "group_norm (2, 6, 2), 3 groups": lambda impl: impl.group_norm(
        _px((2, 6, 2), 102), 3, np.ones(6), np.zeros(6), 1e-9
    ),
    "instance_norm (2, 3, 4)": lambda impl: impl.instance_norm(_px((2, 3, 4), 103), 1e-9),
}


def timing_inputs():
    """A few MB each: a Python loop shows as 100x slower without slowing every check down
    (bench/ compares the reference with PyTorch on (64, 256, 28, 28))."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 64, 16, 16), dtype=np.float32)
    tokens = rng.standard_normal((32, 64, 256), dtype=np.float32)
    ones, zeros = np.ones(64, np.float32), np.zeros(64, np.float32)
    return {
        "layer_norm": (tokens, np.ones(256, np.float32), np.zeros(256, np.float32)),
        "group_norm": (x, 8, ones, zeros),
        "instance_norm": (x,),
    }
