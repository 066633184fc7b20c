# ruff: noqa
# Correct values, but dropout_backward writes its result into dout.
import numpy as np


def dropout_backward(dout, mask):
    np.multiply(dout, mask, out=dout, casting="unsafe")
    return dout.copy()
