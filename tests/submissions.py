"""Submissions the tests write: a correct file for a challenge, a dropout without the rescale,
and a correct dropout with a hostile snippet from ``tests/hostile/`` appended."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from quizzer.challenges import module_name, solution_path

HOSTILE = Path(__file__).parent / "hostile"

NO_RESCALE = """\
import numpy as np


def dropout_forward(x, p, rng, training=True):
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    if not training:
        return x.astype(dtype), np.ones(x.shape, dtype)
    mask = (rng.random(x.shape) >= p).astype(dtype)
    return x * mask, mask


def dropout_backward(dout, mask):
    return dout * mask
"""


def correct_file(tmp_path: Path, challenge: str = "dropout", name: str | None = None) -> Path:
    """The reference of ``challenge`` with its header, written as ``<module>.py`` (or ``name``)."""
    path = tmp_path / (name or f"{module_name(challenge)}.py")
    path.write_text(f"# quizzer challenge: {challenge}\n" + solution_path(challenge).read_text())
    return path


def hostile_file(folder: Path, snippet: str, fill: Mapping[str, str] | None = None) -> Path:
    """The dropout reference with ``tests/hostile/<snippet>.py`` appended, as ``<snippet>.py``.

    Everything else in the file is correct, so only the snippet can change the verdict.
    ``fill`` maps each placeholder in the snippet (``__MARKER__``, ``__TARGETS__``) to its text.
    """
    text = (HOSTILE / f"{snippet}.py").read_text()
    for placeholder, value in (fill or {}).items():
        text = text.replace(placeholder, value)
    path = folder / f"{snippet}.py"
    path.write_text(
        "# quizzer challenge: dropout\n"
        + solution_path("dropout").read_text()
        + "\n\n# ---- hostile part ----\n"
        + text
    )
    return path
