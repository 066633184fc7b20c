"""Run a bundle's grading on the platform (see ``__main__.py``): root, manifest, results.json."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path

ROOTS = {"gradescope": ("AUTOGRADER_ROOT", "/autograder"), "prairielearn": ("GRADE_ROOT", "/grade")}
USAGE = "usage: python -m quizzer.bundles gradescope|prairielearn MANIFEST"


def platform_root(platform: str) -> Path:
    variable, default = ROOTS[platform]
    return Path(os.environ.get(variable) or default)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ROOTS:
        print(USAGE, file=sys.stderr)
        return 2
    platform, manifest = argv
    root = platform_root(platform)
    if platform == "gradescope":
        from quizzer.bundles import gradescope as module
    else:
        from quizzer.bundles import prairielearn as module
    try:
        from quizzer.bundles.common import read_manifest

        spec, _ = read_manifest(Path(manifest))
        result = module.run(root, spec)
    except (
        Exception
    ) as exc:  # quizzer's own failure: still a results.json, never a traceback to the student
        traceback.print_exc()  # the platform shows stderr to instructors only
        result = module.internal_error(f"{type(exc).__name__}: {exc}")
    try:
        text = json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError:  # an infinite ratio somewhere: JSON has no Infinity
        text = json.dumps(_finite(result), indent=2, ensure_ascii=False) + "\n"
    data = text.encode("utf-8")
    write_atomically(root / "results" / "results.json", data)
    print(hashlib.sha256(data).hexdigest())
    return 0


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".results-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _finite(value):
    """``value`` with every NaN or infinity replaced by None."""
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
