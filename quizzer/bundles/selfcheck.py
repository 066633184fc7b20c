"""``quizzer bundle --check PATH``: run a bundle the way its platform would, before uploading it.

The bundle is unpacked into a temporary root laid out as the platform lays it
out (Gradescope: ``source/``, ``run_autograder``, ``submission/``; PrairieLearn:
``tests/``, ``student/``), and its real entrypoint runs, with this machine's
quizzer (``$QUIZZER_PYTHON``), on one submission of each kind:

========== ============================================================ =====================
kind       the first challenge's file                                   expected
========== ============================================================ =====================
correct    the reference solution                                       full score
wrong      the reference with its first function's output off by one    less than full
crash      its first function reads address 0 (SIGSEGV)                 less than full
hostile    wrong, and writes a fake perfect results.json at import       less than full, ours
empty      an empty file                                                0 / not gradable
misnamed   the reference under another name                             0 / not gradable
syntax     the reference with a syntax error                            0 / not gradable
========== ============================================================ =====================

(the other challenges of a several-challenge bundle get their reference).
Every results.json is validated against the platform's JSON Schema
(``schemas/``) and PrairieLearn's 1 MB limit; the layout is checked too
(scripts at the zip's root, executable, with a shebang; the wheel's hash;
``info.json``'s grading options; the editor elements of ``question.html``).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from quizzer.bundles.common import MANIFEST, BundleError, Spec, read_manifest
from quizzer.bundles.specimens import KINDS, NOT_GRADABLE, submission

SCHEMAS = Path(__file__).parent / "schemas"
RUN_TIMEOUT = 300.0


@dataclass
class Run:
    kind: str
    ok: bool
    problems: list[str]
    results: dict | None
    seconds: float

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "ok": self.ok,
            "problems": self.problems,
            "seconds": round(self.seconds, 3),
        }


@dataclass
class SelfCheck:
    path: Path
    platform: str
    layout: list[str] = field(default_factory=list)  # problems with the bundle's files
    runs: list[Run] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth knowing, not a failure

    @property
    def ok(self) -> bool:
        return not self.layout and all(r.ok for r in self.runs)

    def to_dict(self) -> dict:
        return {
            "path": str(self.path),
            "platform": self.platform,
            "ok": self.ok,
            "layout": self.layout,
            "runs": [r.to_dict() for r in self.runs],
            "notes": self.notes,
        }


def schema(platform: str) -> dict:
    return json.loads((SCHEMAS / f"{platform}-results.schema.json").read_text(encoding="utf-8"))


def schema_errors(result: dict, platform: str) -> list[str]:
    """What in ``result`` breaks the platform's published contract (empty when it is valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema(platform))
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
        for e in validator.iter_errors(result)
    ]


def check_bundle(
    path: Path, kinds: tuple[str, ...] = KINDS, python: str | None = None
) -> SelfCheck:
    """Check a bundle's layout, then run its entrypoint on one submission of each kind."""
    path = Path(path)
    if not path.exists():
        raise BundleError(f"no such bundle: {path}")
    python = python or os.environ.get("QUIZZER_PYTHON") or sys.executable
    with tempfile.TemporaryDirectory(prefix="quizzer-selfcheck-") as tmp:
        check, spec = unpack(path, Path(tmp) / "root")
        root = Path(tmp) / "root"
        if spec is None:
            return check
        validate = _have_jsonschema()
        if not validate:
            check.notes.append(
                "results.json files were not validated against the platform's schema: "
                "pip install 'quizzer[bundle]' (jsonschema) to do it"
            )
        for kind in kinds:
            check.runs.append(_run(kind, spec, root, python, validate))
    return check


# --------------------------------------------------------------------------- layouts
def _unpack_gradescope(path: Path, root: Path, check: SelfCheck) -> Spec | None:
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        check.layout.append(f"{path}: not a zip file ({exc})")
        return None
    with z:
        names = z.namelist()
        for required in ("setup.sh", "run_autograder", MANIFEST):
            if required not in names:
                folders = [n for n in names if n.endswith("/" + required)]
                hint = (
                    f" (it is in {folders[0]}: zip the files, not their folder)" if folders else ""
                )
                check.layout.append(f"{required} is not at the zip's root{hint}")
        source = root / "source"
        for info in z.infolist():
            if info.is_dir() or info.filename.startswith(("/", "..")) or "/../" in info.filename:
                continue
            target = source / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(info))
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                target.chmod(mode)
    for script in ("setup.sh", "run_autograder"):
        _check_script(source / script, script, check)
    spec = _manifest(source, "gradescope", check)
    if spec is None or check.layout:
        return None
    shutil.copy2(source / "run_autograder", root / "run_autograder")
    return spec


def _unpack_prairielearn(path: Path, root: Path, check: SelfCheck) -> Spec | None:
    question, image = path / "question", path / "image"
    try:
        info = json.loads((question / "info.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        check.layout.append(f"{question / 'info.json'}: cannot read it ({exc})")
        return None
    options = info.get("externalGradingOptions") or {}
    if info.get("gradingMethod") != "External":
        check.layout.append("info.json: gradingMethod must be External")
    for key in ("image", "entrypoint", "serverFilesCourse", "timeout"):
        if key not in options:
            check.layout.append(f"info.json: externalGradingOptions.{key} is missing")
    entrypoint = str(options.get("entrypoint", ""))
    if not entrypoint.startswith("/grade/tests/"):
        check.layout.append(f"info.json: the entrypoint {entrypoint!r} is not in /grade/tests/")
        return None
    relative = entrypoint.removeprefix("/grade/tests/")
    _check_script(question / "tests" / relative, f"tests/{relative}", check, executable=False)
    dockerfile = image / "Dockerfile"
    try:
        docker = dockerfile.read_text(encoding="utf-8")
        if "FROM prairielearn/grader-python" not in docker:
            check.layout.append("image/Dockerfile is not based on prairielearn/grader-python")
    except OSError:
        check.layout.append("image/Dockerfile is missing")
    spec = _manifest(question / "tests", "prairielearn", check, wheel_dir=image)
    if spec is None:
        return None
    page = (
        (question / "question.html").read_text(encoding="utf-8")
        if (question / "question.html").is_file()
        else ""
    )
    for filename in spec.filenames.values():
        if f'file-name="{filename}"' not in page and f'file-names="{filename}"' not in page:
            check.layout.append(f"question.html has no file editor or upload for {filename}")
    if check.layout:
        return None
    shutil.copytree(question / "tests", root / "tests")
    (root / "tests" / relative).chmod(0o755)  # PrairieLearn makes the entrypoint executable
    check.notes.append("docker build of image/Dockerfile is not run here: see docs/prairielearn.md")
    return spec


def _check_script(path: Path, name: str, check: SelfCheck, *, executable: bool = True) -> None:
    if not path.is_file():
        check.layout.append(f"{name} is missing")
        return
    if not path.read_bytes().startswith(b"#!"):
        check.layout.append(f"{name} has no #! line")
    if executable and not path.stat().st_mode & stat.S_IXUSR:
        check.layout.append(f"{name} is not executable")


def _manifest(
    folder: Path, platform: str, check: SelfCheck, wheel_dir: Path | None = None
) -> Spec | None:
    from quizzer.bundles import wheel
    from quizzer.bundles.common import installed_version

    try:
        spec, raw = read_manifest(folder / MANIFEST)
    except BundleError as exc:
        check.layout.append(str(exc))
        return None
    if spec.platform != platform:
        check.layout.append(f"{MANIFEST}: made for {spec.platform}, not {platform}")
    whl = (wheel_dir or folder) / str(raw.get("wheel", ""))
    if not whl.is_file():
        check.layout.append(f"the wheel {whl.name} is missing")
    elif wheel.sha256(whl) != raw.get("wheel_sha256"):
        check.layout.append(f"the wheel {whl.name} does not match the manifest's SHA-256")
    here = installed_version()
    if raw.get("quizzer_version") != here:
        check.notes.append(
            f"the bundle holds quizzer {raw.get('quizzer_version')}; this check runs quizzer {here}"
        )
    return spec


# --------------------------------------------------------------------------- runs
def _have_jsonschema() -> bool:
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        return False
    return True


def _run(kind: str, spec: Spec, root: Path, python: str, validate: bool = True) -> Run:
    files = submission(kind, spec, [str(root / "results" / "results.json")])
    result, size, seconds, problems = run_entrypoint(spec, root, files, python)
    if result is not None:
        if validate:
            problems += [f"schema: {e}" for e in schema_errors(result, spec.platform)]
        expect = _expect_gradescope if spec.platform == "gradescope" else _expect_prairielearn
        problems += expect(kind, result, spec, size)
    return Run(kind, not problems, problems, result, seconds)


def run_entrypoint(
    spec: Spec, root: Path, files: dict[str, str], python: str
) -> tuple[dict | None, int, float, list[str]]:
    """Lay ``files`` out as the platform's submission under ``root`` (an unpacked bundle) and
    run the bundle's entrypoint: ``(results.json or None, its size, seconds, problems)``."""
    gradescope = spec.platform == "gradescope"
    inbox = root / ("submission" if gradescope else "student")
    results_dir = root / "results"
    for folder in (inbox, results_dir):
        shutil.rmtree(folder, ignore_errors=True)
    inbox.mkdir(parents=True)
    for name, text in files.items():
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_text(text, encoding="utf-8")
    entry = root / "run_autograder" if gradescope else root / "tests" / "run_quizzer"
    env = {**os.environ, "QUIZZER_PYTHON": python}
    env["AUTOGRADER_ROOT" if gradescope else "GRADE_ROOT"] = str(root)
    started = time.perf_counter()
    problems: list[str] = []
    try:
        subprocess.run(
            [str(entry)], env=env, cwd=root, capture_output=True, timeout=RUN_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        problems.append(f"the entrypoint did not run to the end: {exc}")
    seconds = time.perf_counter() - started
    result, raw = None, b""
    try:
        raw = (results_dir / "results.json").read_bytes()
        result = json.loads(raw)
    except OSError:
        problems.append("no results.json")
    except ValueError as exc:
        problems.append(f"results.json is not JSON: {exc}")
    return result, len(raw), seconds, problems


def unpack(path: Path, root: Path) -> tuple[SelfCheck, Spec | None]:
    """Unpack a bundle into ``root`` as its platform would; the layout's problems in the check."""
    path = Path(path)
    if path.is_file():
        check = SelfCheck(path, "gradescope")
        return check, _unpack_gradescope(path, root, check)
    check = SelfCheck(path, "prairielearn")
    return check, _unpack_prairielearn(path, root, check)


def _expect_gradescope(kind: str, result: dict, spec: Spec, size: int) -> list[str]:
    tests = result.get("tests") or []
    best = sum(t.get("max_score", 0) for t in tests)
    score = result.get("score", 0)
    first = spec.challenges[0]
    mine = [t for t in tests if first in (t.get("tags") or [])]
    out = []
    if "quizzer" not in (result.get("extra_data") or {}):
        out.append("results.json is not quizzer's (no extra_data.quizzer)")
    if kind == "correct":
        if not (best > 0 and score == best):
            out.append(f"a correct submission scored {score}/{best}")
        if not result.get("leaderboard"):
            out.append("a correct submission has no leaderboard entry")
        if not any(t.get("visibility") == "after_published" for t in tests):
            out.append("no hidden-suite test is after_published")
    elif not score < best:
        out.append(f"a {kind} submission scored full marks ({score}/{best})")
    if kind in NOT_GRADABLE:
        if not mine or any(t.get("score") for t in mine):
            out.append(f"a {kind} file earned points")
        text = result.get("output", "")
        if spec.filename(first) not in text:
            out.append(f"the output does not name {spec.filename(first)}")
    return out


def _expect_prairielearn(kind: str, result: dict, spec: Spec, size: int) -> list[str]:
    from quizzer.bundles.prairielearn import MAX_BYTES

    out = []
    if size >= MAX_BYTES:
        out.append(f"results.json is {size} bytes: over PrairieLearn's 1 MB")
    if "quizzer" not in result:
        out.append("results.json is not quizzer's (no 'quizzer' key)")
    gradable = result.get("gradable", True)
    if kind in NOT_GRADABLE:
        if gradable is not False:
            out.append(f"a {kind} submission is gradable: the student would lose an attempt")
        errors = result.get("format_errors") or []
        if spec.filename(spec.challenges[0]) not in " ".join(errors):
            out.append(f"format_errors do not name {spec.filename(spec.challenges[0])}")
        return out
    if gradable is not True:
        out.append(f"a {kind} submission is not gradable")
    score = result.get("score")
    if kind == "correct" and score != 1:
        out.append(f"a correct submission scored {score}")
    if kind != "correct" and not (isinstance(score, int | float) and score < 1):
        out.append(f"a {kind} submission scored {score}")
    return out
