# ruff: noqa
# dropout_backward never returns.


def dropout_backward(dout, mask):
    while True:
        pass
