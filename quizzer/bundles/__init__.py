"""Autograder bundles: quizzer's grading, ready to upload to Gradescope or PrairieLearn.

``make_bundle(spec, out)`` writes the bundle (a Gradescope zip, or a PrairieLearn
question folder plus its grading image); ``selfcheck.check_bundle(path)``
unpacks it into a temporary root and runs its real entrypoint on a correct, a
wrong, a crashing, a hostile, an empty, a misnamed and a syntax-error submission. On the
platform, ``python -m quizzer.bundles PLATFORM MANIFEST`` (``run.py``) grades.

Modules: ``common`` (manifest, finding the student's files, grading them),
``wheel`` (this exact quizzer as a wheel), ``gradescope``, ``prairielearn``,
``run`` (the entrypoint), ``selfcheck`` and ``specimens`` (its submissions);
JSON Schemas of both results.json in ``schemas/``.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from quizzer.bundles.common import PLATFORMS, BundleError, Spec

__all__ = ["PLATFORMS", "Bundle", "BundleError", "Spec", "make_bundle"]


@dataclass(frozen=True)
class Bundle:
    path: Path
    platform: str
    challenges: tuple[str, ...]
    files: dict[str, str]  # challenge -> the file students submit
    tests: int  # one point each on Gradescope
    wheel: str
    seconds: float

    def to_dict(self) -> dict:
        return {
            "path": str(self.path),
            "platform": self.platform,
            "challenges": list(self.challenges),
            "files": self.files,
            "tests": self.tests,
            "wheel": self.wheel,
            "seconds": round(self.seconds, 3),
        }


def make_bundle(spec: Spec, out: Path, *, force: bool = False) -> Bundle:
    """Write the bundle for ``spec`` at ``out`` (a .zip for Gradescope, a folder for PrairieLearn)."""
    from quizzer.bundles import common, wheel

    started = time.perf_counter()
    out = Path(out)
    if spec.platform == "gradescope" and out.suffix != ".zip":
        raise BundleError(
            f"--out {out}: Gradescope takes a .zip file (e.g. {out.name or 'autograder'}.zip)"
        )
    if out.exists() and not force:
        if out.is_file() or any(out.iterdir()):
            raise BundleError(f"{out} already exists; use --force to replace it")
    if spec.platform == "prairielearn" and not spec.image:
        raise BundleError("PrairieLearn needs the grading image's name: --image NAME")
    with tempfile.TemporaryDirectory(prefix="quizzer-bundle-") as tmp:
        built = wheel.build_wheel(Path(tmp))
        version = built.name.split("-")[1]
        manifest = common.write_manifest(spec, Path(tmp), built.name, wheel.sha256(built), version)
        if spec.platform == "gradescope":
            from quizzer.bundles import gradescope

            if out.is_dir():
                raise BundleError(f"{out} is a folder; Gradescope takes a .zip file")
            gradescope.write_zip(spec, out, built, manifest)
        else:
            from quizzer.bundles import prairielearn

            if out.is_file():
                raise BundleError(f"{out} is a file; PrairieLearn's bundle is a folder")
            if out.exists() and any(out.iterdir()):
                if not (out / "question" / "tests" / common.MANIFEST).is_file():
                    raise BundleError(
                        f"refusing to replace {out}: it is not a quizzer PrairieLearn bundle"
                    )
                shutil.rmtree(out)
            prairielearn.write_folder(spec, out, built, manifest)
    from quizzer.suites import cases

    tests = sum(len(cases(c)) for c in spec.challenges)
    return Bundle(
        out,
        spec.platform,
        spec.challenges,
        spec.filenames,
        tests,
        built.name,
        time.perf_counter() - started,
    )
