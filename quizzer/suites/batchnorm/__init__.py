"""Hidden suite for ``batchnorm`` (card 7): training-mode BatchNorm, forward and backward.

The backward pass is checked against central-difference gradients of
``sum(out * dout)`` in float64; the forward pass against a float64 formula, with
the classic wrong formulas recognised in the failure message.

Parts: ``examples`` (the visible worked examples), ``forward`` and
``backward`` (each function's hidden tests), ``errors`` (bad arguments);
``helpers`` (the float64 formulas, gradient check and hints they share);
``probes`` (diagnosis).
"""

from __future__ import annotations

from quizzer.suites.batchnorm import backward, errors, examples, forward
from quizzer.suites.batchnorm.probes import PROBES, timing_inputs

__all__ = ["PARTS", "PROBES", "timing_inputs"]

# The suite's tests, part by part, in the order they run and are reported.
PARTS = (examples, forward, backward, errors)
