"""Gradescope: the autograder zip, and what ``run_autograder`` does on the platform.

The zip (Gradescope's autograder specification) holds, at its root:
``setup.sh`` (installs Python 3.11+ and this exact quizzer from the wheel beside
it), ``run_autograder`` (grades ``$AUTOGRADER_ROOT/submission``, default
``/autograder``), the wheel and ``quizzer-bundle.json``.

``run_autograder`` is a small shell script around ``python -m quizzer.bundles
gradescope``; the shell part guarantees a results.json whatever happens to
Python. Python prints the SHA-256 of the results.json it wrote; the script
keeps the file only when the digest matches, so a student's code that writes
its own results.json is overwritten by the real one or by an error result.

results.json: one point per test, the hidden suite's tests ``after_published``
(see ``formats.gradescope_result``, which this reuses per challenge), a
``leaderboard`` entry per passed challenge with the speed relative to the
reference (``order: asc``), and every problem stated as what to fix.
"""

from __future__ import annotations

import json
import stat
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from quizzer.bundles.common import (
    MANIFEST,
    Outcome,
    Spec,
    entrypoint_script,
    grade_folder,
    installed_version,
    isolation,
    isolation_line,
    speed_ratio,
    speed_text,
)
from quizzer.i18n import t

ENTRYPOINT = "run_autograder"
SETUP = "setup.sh"
_EPOCH = (1980, 1, 1, 0, 0, 0)

SETUP_SH = """#!/usr/bin/env bash
# quizzer autograder: setup on Gradescope's Ubuntu base image (run once, when the image is built).
# Installs Python 3.11+ if the image lacks it, then this exact quizzer from the bundled wheel
# into $AUTOGRADER_ROOT/venv (default /autograder/venv), with its dependencies from PyPI.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${AUTOGRADER_ROOT:-/autograder}"
WHEEL="$HERE/__WHEEL__"

usable() { "$1" -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
PY=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null && usable "$(command -v "$candidate")"; then
    PY="$(command -v "$candidate")"; break
  fi
done
if [ -z "$PY" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  if ! apt-get install -y --no-install-recommends python3.11 python3.11-venv; then
    apt-get install -y --no-install-recommends software-properties-common
    add-apt-repository -y ppa:deadsnakes/ppa
    apt-get update
    apt-get install -y --no-install-recommends python3.11 python3.11-venv
  fi
  PY="$(command -v python3.11)"
fi
"$PY" -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --quiet "$WHEEL"
# fail the image build now, not at the first submission, if anything is missing
"$ROOT/venv/bin/python" -c "import numpy, quizzer.bundles.gradescope, quizzer.suites"
echo "quizzer autograder ready: $("$ROOT/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("quizzer"))')"
"""


# --------------------------------------------------------------------------- building
def write_zip(spec: Spec, out: Path, wheel: Path, manifest: Path) -> Path:
    """The autograder zip: files (not a folder) at the root, scripts executable."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    scripts = {
        SETUP: SETUP_SH.replace("__WHEEL__", wheel.name),
        ENTRYPOINT: entrypoint_script(
            "gradescope",
            "submission",
            f"source/{MANIFEST}",
            "$ROOT/venv/bin/python3",
            internal_error("quizzer exit status $STATUS"),
        ),
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in scripts.items():
            _add(z, name, text.encode(), 0o755)
        _add(z, MANIFEST, manifest.read_bytes(), 0o644)
        _add(z, wheel.name, wheel.read_bytes(), 0o644)
    return out


def _add(z: zipfile.ZipFile, name: str, data: bytes, mode: int) -> None:
    info = zipfile.ZipInfo(name, _EPOCH)
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.create_system = 3  # unix: the mode bits are honoured on extraction
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, data)


# --------------------------------------------------------------------------- grading
def run(root: Path, spec: Spec) -> dict:
    """Grade ``root/submission`` as Gradescope asks; the results.json object."""
    started = time.perf_counter()
    limited = rate_limited(root / "submission_metadata.json", spec.max_per_hour, spec.lang)
    if limited is not None:
        return limited
    outcomes = grade_folder(root / "submission", spec)
    return results(outcomes, spec, time.perf_counter() - started)


def results(outcomes: list[Outcome], spec: Spec, seconds: float) -> dict:
    """Gradescope's results.json for the outcomes of one submission."""
    from quizzer.grading.formats import gradescope_result

    several = len(outcomes) > 1
    tests, sections, leaderboard, extra = [], [], [], []
    score = 0.0
    for outcome in outcomes:
        part = gradescope_result(outcome.record)
        for test in part["tests"]:
            if several:
                test["name"] = f"{outcome.challenge}: {test['name']}"
            test["tags"] = [outcome.challenge]
            tests.append(test)
        score += part["score"]
        sections.append(_section(outcome, part["output"], spec.lang))
        ratio = speed_ratio(outcome.record)
        if ratio is not None:
            leaderboard.append(
                {
                    "name": f"{outcome.challenge}: time / reference",
                    "value": round(ratio, 3),
                    "order": "asc",
                }
            )
        extra.append(part["extra_data"]["quizzer"])
    total = sum(t["max_score"] for t in tests)
    lang = spec.lang
    head = t("bundle.score", lang, score=f"{score:g}", total=f"{total:g}")
    if any(not o.gradable for o in outcomes):
        head += t("bundle.fix_below", lang)
    jail = isolation(outcomes, spec)
    result = {
        "score": score,
        "execution_time": round(seconds, 3),
        "output": "\n\n".join([head, *sections, isolation_line(jail, lang)]),
        "output_format": "text",
        "test_output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {
            "quizzer": {
                "version": installed_version(),
                "challenges": extra,
                "isolation": jail,
            }
        },
    }
    if leaderboard:
        result["leaderboard"] = leaderboard
    return result


def _section(outcome: Outcome, output: str, lang: str) -> str:
    fix = " ".join(outcome.fix)
    if outcome.record.get("status") == "error":  # no file to grade: say it once, as what to fix
        return t("bundle.not_graded", lang, challenge=outcome.challenge, fix=fix)
    lines = [output, t("bundle.what_to_fix", lang, fix=fix)] if fix else [output]
    speed = speed_text(outcome.record, lang)
    return "\n".join([*lines, speed] if speed else lines)


# --------------------------------------------------------------------------- rate limit
def rate_limited(metadata_path: Path, max_per_hour: int | None, lang: str = "en") -> dict | None:
    """When the student already had ``max_per_hour`` submissions in the hour before this one:
    the latest previous results (so the score stays) with a message; else None.

    The hour is counted back from the submission's own ``created_at`` (as Gradescope
    advises), so running the autograder again later gives the same answer.
    """
    if not max_per_hour:
        return None
    try:
        meta = json.loads(Path(metadata_path).read_text(encoding="utf-8"))
        now = datetime.fromisoformat(meta["created_at"])
        previous = [
            (datetime.fromisoformat(s["submission_time"]), s)
            for s in meta.get("previous_submissions") or []
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no usable metadata: grade (a rate limit must never cost a grade)
    recent = sorted(t for t, _ in previous if now - timedelta(hours=1) < t <= now)
    if len(recent) < max_per_hour:
        return None
    latest = max(previous, key=lambda p: p[0])[1]
    kept = latest.get("results") if isinstance(latest.get("results"), dict) else {}
    result = dict(kept)
    result.setdefault("score", float(latest.get("score") or 0.0))
    again = recent[-max_per_hour] + timedelta(hours=1)
    when = f"{again.strftime('%H:%M %Z').strip()} ({again.isoformat()})"
    message = t("bundle.rate_limited", lang, n=len(recent), limit=max_per_hour, time=when)
    result["output"] = message + ("\n\n" + result["output"] if result.get("output") else "")
    result.setdefault("output_format", "text")
    result["extra_data"] = {**(result.get("extra_data") or {}), "quizzer_rate_limited": True}
    return result


def internal_error(message: str) -> dict:
    """The result when quizzer itself failed: no verdict on the student's code."""
    return {
        "score": 0.0,
        "output": f"The autograder failed ({message}). This is not a verdict on your code: "
        "please tell the course staff.",
        "output_format": "text",
        "stdout_visibility": "hidden",
        "tests": [],
    }
