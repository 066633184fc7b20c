# ruff: noqa
# os._exit(0) inside a graded function: the worker dies mid-call.
import os


def dropout_backward(dout, mask):
    os._exit(0)
