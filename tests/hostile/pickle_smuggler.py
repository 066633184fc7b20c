# ruff: noqa
# Returns an object whose unpickling would create a file: it must never be unpickled.
import os


class _Payload:
    def __reduce__(self):
        return (os.system, ("touch __MARKER__",))


_correct_forward = dropout_forward


def dropout_forward(x, p, rng, training=True):
    out, mask = _correct_forward(x, p, rng, training=training)
    return _Payload(), mask
