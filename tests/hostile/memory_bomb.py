# ruff: noqa
# dropout_backward tries to hold far more memory than the limit allows.


def dropout_backward(dout, mask):
    hoard = []
    while True:
        hoard.append(bytearray(64 << 20))
