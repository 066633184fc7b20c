# ruff: noqa
# One huge allocation: NumPy raises MemoryError under the address-space limit.
import numpy as np


def dropout_backward(dout, mask):
    return np.ones((1 << 38,), dtype=np.float64)
