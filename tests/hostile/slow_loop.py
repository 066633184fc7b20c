# ruff: noqa
# Correct but loops over every element in Python: far slower than the reference.
import numpy as np


def dropout_backward(dout, mask):
    dout = np.asarray(dout)
    if dout.shape != np.shape(mask):
        raise ValueError("dout and mask must have the same shape")
    flat_d, flat_m = dout.reshape(-1), np.asarray(mask).reshape(-1)
    dx = np.empty(flat_d.shape, dtype=np.result_type(dout, mask))
    for i in range(flat_d.size):
        dx[i] = flat_d[i] * flat_m[i]
    return dx.reshape(dout.shape)
