"""What the Gradescope and PrairieLearn bundles share.

- the *manifest* (``quizzer-bundle.json``): which challenges, which file each
  one expects, the limits, the language; written by ``quizzer bundle`` and read
  by the entrypoint on the platform;
- ``locate``: the student's file for a challenge in the submission folder,
  or what the student must fix (missing, wrongly named, several, empty);
- ``grade_folder``: each challenge graded as ``quizzer check`` grades a file
  (``batch.grade_entry``: the same hidden suite, sandbox, diagnosis and speed
  comparison), one ``Outcome`` per challenge;
- the text both platforms show: what to fix, the speed against the reference,
  the isolation the grading ran with.

Nothing here knows a platform's results.json: ``gradescope.py`` and
``prairielearn.py`` turn outcomes into their own format.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from quizzer.challenges import CHALLENGES, UnknownChallenge, check_id, module_name
from quizzer.i18n import t

MANIFEST = "quizzer-bundle.json"
FORMAT = 1
PLATFORMS = ("gradescope", "prairielearn")
MAX_FILES = 2000  # files looked at in a submission folder (a zip bomb of tiny files stops here)
MAX_BYTES = 2_000_000  # a solution file larger than this is refused, not read
_IGNORED_DIRS = {"__pycache__", "__MACOSX", ".git", "node_modules", ".ipynb_checkpoints"}


class BundleError(ValueError):
    """A teacher's usage problem (bad option, unreadable manifest): exit code 2."""


@dataclass(frozen=True)
class Spec:
    """What a bundle grades and how; the manifest is this plus the wheel's name and hash."""

    platform: str
    challenges: tuple[str, ...]
    timeout: float = 10.0  # wall-clock seconds per call of the student's code
    memory_mb: int = 3072
    lang: str = "en"
    max_per_hour: int | None = None  # Gradescope: graded submissions per hour (None: no limit)
    image: str = ""  # PrairieLearn: the grading image
    grading_timeout: int = 60  # PrairieLearn: seconds for the whole job
    outer_sandbox: bool = True  # the platform's container is the outer jail

    def __post_init__(self) -> None:
        if self.platform not in PLATFORMS:
            raise BundleError(
                f"unknown platform {self.platform!r}: choose {' or '.join(PLATFORMS)}"
            )
        if not self.challenges:
            raise BundleError("name at least one challenge")
        for challenge in self.challenges:
            try:
                check_id(challenge)
            except UnknownChallenge as exc:
                raise BundleError(str(exc)) from None
        if len(set(self.challenges)) != len(self.challenges):
            raise BundleError("a challenge is named twice")
        if self.lang not in ("en", "zh"):
            raise BundleError(f"unknown language {self.lang!r}: en or zh")
        if self.max_per_hour is not None and self.max_per_hour < 1:
            raise BundleError("--max-per-hour must be at least 1")

    def filename(self, challenge: str) -> str:
        return module_name(challenge) + ".py"

    @property
    def filenames(self) -> dict[str, str]:
        return {c: self.filename(c) for c in self.challenges}

    def limits(self):
        """The sandbox limits of every submission (as ``quizzer check`` uses, with this timeout)."""
        from quizzer.grading.process import Limits

        return Limits(timeout=self.timeout, memory_mb=self.memory_mb)


def write_manifest(spec: Spec, folder: Path, wheel: str, wheel_sha256: str, version: str) -> Path:
    data = {
        "format": FORMAT,
        "quizzer_version": version,
        "wheel": wheel,
        "wheel_sha256": wheel_sha256,
        **asdict(spec),
        "challenges": [{"id": c, "file": spec.filename(c)} for c in spec.challenges],
    }
    path = Path(folder) / MANIFEST
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_manifest(path: Path) -> tuple[Spec, dict]:
    """``(Spec, raw manifest)``; ``BundleError`` naming the file and the field when it is wrong."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BundleError(f"{path}: cannot read the bundle's manifest: {exc.strerror}") from None
    except ValueError as exc:
        raise BundleError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BundleError(f"{path}: format: expected {FORMAT} (made by another quizzer version?)")
    try:
        challenges = tuple(c["id"] for c in data["challenges"])
        spec = Spec(
            platform=data["platform"],
            challenges=challenges,
            timeout=float(data.get("timeout", 10.0)),
            memory_mb=int(data.get("memory_mb", 3072)),
            lang=data.get("lang", "en"),
            max_per_hour=data.get("max_per_hour"),
            image=data.get("image", ""),
            grading_timeout=int(data.get("grading_timeout", 60)),
            outer_sandbox=bool(data.get("outer_sandbox", True)),
        )
    except (KeyError, TypeError) as exc:
        raise BundleError(f"{path}: missing or malformed field {exc}") from None
    except BundleError as exc:
        raise BundleError(f"{path}: {exc}") from None
    return spec, data


# --------------------------------------------------------------------------- the entrypoint
_ENTRYPOINT = """#!/usr/bin/env bash
# quizzer on __TITLE__: grades $__ROOTVAR__/__INBOX__ (default __DEFAULT__/__INBOX__) and writes
# $__ROOTVAR__/results/results.json. Always leaves a results.json: the one quizzer wrote (its
# SHA-256 is what quizzer printed), else an error result that is no verdict on the student.
ROOT="${__ROOTVAR__:-__DEFAULT__}"
PY="${QUIZZER_PYTHON:-__PYTHON__}"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
cd "$ROOT" || exit 0
DIGEST="$("$PY" -I -m quizzer.bundles __PLATFORM__ "$ROOT/__MANIFEST__")"
STATUS=$?
if command -v sha256sum >/dev/null; then
  WRITTEN="$(sha256sum "$RESULTS" 2>/dev/null | cut -d' ' -f1)"
else
  WRITTEN="$("$PY" -I -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$RESULTS" 2>/dev/null)"
fi
if [ -s "$RESULTS" ] && [ -n "$DIGEST" ] && [ "$WRITTEN" = "$DIGEST" ]; then
  echo "quizzer: results written ($RESULTS)"
else
  echo "quizzer: the grader did not finish (exit status $STATUS); writing an error result" >&2
  cat > "$RESULTS" <<JSON
__FALLBACK__
JSON
fi
exit 0
"""


def entrypoint_script(platform: str, inbox: str, manifest: str, python: str, fallback: dict) -> str:
    """The shell entrypoint of a platform (``run.ROOTS`` names its root variable and default).

    ``fallback`` is the platform's error result; ``$STATUS`` in it becomes quizzer's exit status.
    """
    from quizzer.bundles.run import ROOTS

    variable, default = ROOTS[platform]
    text = json.dumps(fallback, ensure_ascii=False)
    if "`" in text or "\\" in text:
        raise ValueError("the fallback result must not hold backquotes or backslashes")
    fields = {
        "__TITLE__": platform,
        "__ROOTVAR__": variable,
        "__DEFAULT__": default,
        "__INBOX__": inbox,
        "__PYTHON__": python,
        "__PLATFORM__": platform,
        "__MANIFEST__": manifest,
        "__FALLBACK__": text,
    }
    script = _ENTRYPOINT
    for key, value in fields.items():
        script = script.replace(key, value)
    return script


# --------------------------------------------------------------------------- finding files
@dataclass(frozen=True)
class Found:
    path: Path | None  # the file to grade
    fix: str | None = None  # what the student must do when there is nothing to grade


def submitted_files(folder: Path) -> list[Path]:
    """Every file of the submission (hidden files and editor/OS litter left out), sorted."""
    found: list[Path] = []
    folder = Path(folder)
    if not folder.is_dir():
        return found
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _IGNORED_DIRS)
        for name in sorted(files):
            if not name.startswith("."):
                found.append(Path(here) / name)
                if len(found) >= MAX_FILES:
                    return found
    return found


def locate(folder: Path, spec: Spec, challenge: str) -> Found:
    """The student's file for ``challenge``: exactly one file named ``<module>.py``."""
    lang = spec.lang
    wanted = spec.filename(challenge)
    files = submitted_files(folder)
    named = [p for p in files if p.name == wanted]
    shown = [str(p.relative_to(folder)) for p in files]
    if len(named) > 1:
        where = ", ".join(str(p.relative_to(folder)) for p in named)
        return Found(None, t("bundle.fix.several", lang, n=len(named), file=wanted, where=where))
    if not named:
        expected = set(spec.filenames.values())
        others = [p for p in files if p.suffix == ".py" and p.name not in expected]
        near = [p for p in files if p.name.lower() == wanted.lower()]
        if near:
            got = near[0].relative_to(folder)
            return Found(None, t("bundle.fix.case", lang, got=got, file=wanted))
        if len(spec.challenges) == 1 and len(others) == 1:
            got = others[0].relative_to(folder)
            return Found(None, t("bundle.fix.rename", lang, got=got, file=wanted))
        listing = ", ".join(shown[:10]) + (" ..." if len(shown) > 10 else "")
        listing = listing or t("bundle.fix.no_files", lang)
        return Found(None, t("bundle.fix.missing", lang, file=wanted, listing=listing))
    path = named[0]
    if path.is_symlink():  # a link to the reference would pass without the knowledge
        return Found(None, t("bundle.fix.link", lang, file=wanted))
    try:
        if path.stat().st_size > MAX_BYTES:
            size = path.stat().st_size
            return Found(None, t("bundle.fix.large", lang, file=wanted, size=size))
        text = path.read_bytes()
    except OSError as exc:
        return Found(None, t("bundle.fix.unreadable", lang, file=wanted, why=exc.strerror))
    if not text.strip():
        functions = ", ".join(f"{f}()" for f in CHALLENGES[challenge])
        return Found(None, t("bundle.fix.empty", lang, file=wanted, functions=functions))
    return Found(path)


# --------------------------------------------------------------------------- grading
@dataclass
class Outcome:
    """One challenge of one submission."""

    challenge: str
    file: str  # the expected file name
    record: dict  # batch record: Report.to_dict plus submission and status
    fix: list[str] = field(default_factory=list)  # what to fix before it can be graded

    @property
    def gradable(self) -> bool:
        return not self.fix


def grade_folder(folder: Path, spec: Spec) -> list[Outcome]:
    """Grade every challenge of the bundle against the files in ``folder``.

    The isolation choice is explicit: with ``spec.outer_sandbox`` (the default on both
    platforms) the platform's container is the outer jail, so grading goes on with the
    layers this container allows, as ``quizzer grade --allow-unisolated`` does, and the
    results record them; without it, a missing filesystem or processes layer stops grading.
    """
    from quizzer.grading import batch
    from quizzer.grading.sandbox import REQUIRE

    require = () if spec.outer_sandbox else batch.REQUIRED_FOR_GRADE
    settings = batch.Settings(
        limits=spec.limits(), workers=1, timing=True, lang=spec.lang, require=require
    )
    if require:
        batch.require_isolation(settings)  # GradingError: the entrypoint reports it, ungraded
    token = REQUIRE.set(require)
    try:
        return [
            _grade_one(Path(folder), spec, challenge, settings) for challenge in spec.challenges
        ]
    finally:
        REQUIRE.reset(token)


def _grade_one(folder: Path, spec: Spec, challenge: str, settings) -> Outcome:
    from quizzer.grading import batch
    from quizzer.grading.discovery import Entry

    # suite, catalogue and reference are in memory before any student code runs:
    # nothing the code does to the files on disk can change the verdict
    batch.prepare(challenge)
    wanted = spec.filename(challenge)
    found = locate(folder, spec, challenge)
    if found.path is None:
        entry = Entry(wanted, None, found.fix)
        record = batch.not_gradable(entry, challenge, found.fix or "", spec.lang)
        return Outcome(challenge, wanted, record, [found.fix or ""])
    record = batch.grade_entry(Entry(wanted, found.path), challenge, settings)
    return Outcome(challenge, wanted, record, _format_errors(record, wanted, spec.lang))


def _format_errors(record: dict, filename: str, lang: str) -> list[str]:
    """Problems that make a file ungradable (PrairieLearn: no attempt lost): syntax, missing functions."""
    problem = record.get("problem") or {}
    if problem.get("kind") == "syntax":
        message = problem.get("message", "SyntaxError")
        return [t("bundle.fix.syntax", lang, file=filename, message=message)]
    missing = record.get("missing") or []
    if missing:
        names = ", ".join(f"{m}()" for m in missing)
        return [t("bundle.fix.undefined", lang, file=filename, functions=names)]
    return []


def speed_ratio(record: dict) -> float | None:
    """Geometric mean of the student's time over the reference's, for a submission that passed."""
    if not record.get("passed"):
        return None
    ratios = [
        timing["ratio"]
        for timing in record.get("timing") or []
        if timing.get("status") in ("ok", "slow") and timing.get("ratio") and timing["ratio"] > 0
    ]
    if not ratios:
        return None
    return math.exp(sum(math.log(r) for r in ratios) / len(ratios))


def speed_lines(record: dict, lang: str = "en") -> list[str]:
    """One line per timed function: 'dropout_forward: 1.30x the reference's time'."""
    lines = []
    for timing in record.get("timing") or []:
        name = timing.get("function")
        if timing.get("status") in ("ok", "slow") and timing.get("ratio") is not None:
            ratio = f"{timing['ratio']:.2f}"
            line = t("bundle.speed.ratio", lang, function=name, ratio=ratio)
            if timing.get("note"):
                line += f" ({timing['note']})"
        elif timing.get("status") == "skipped":
            continue
        else:
            line = f"{name}: {timing.get('note') or timing.get('status')}"
        lines.append(line)
    return lines


def speed_text(record: dict, lang: str = "en") -> str:
    """The speed lines under their title, or '' when nothing was timed."""
    lines = speed_lines(record, lang)
    return t("bundle.speed", lang) + "\n  " + "\n  ".join(lines) if lines else ""


def isolation(outcomes: list[Outcome], spec: Spec) -> dict:
    """The layers the grading ran with, as the grader reports them, and the outer sandbox."""
    layers = None
    for outcome in outcomes:
        if outcome.record.get("isolation") is not None:
            layers = outcome.record["isolation"]
            break
    return {
        "layers": layers,  # None: this quizzer's grader does not report layers
        "outer_sandbox": "the platform's grading container" if spec.outer_sandbox else None,
    }


def installed_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("quizzer")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def isolation_line(info: dict, lang: str = "en") -> str:
    """One line for students and instructors: which sandbox layers ran, inside what."""
    layers = info.get("layers")
    inside = t("bundle.sandbox.inside", lang) if info.get("outer_sandbox") else ""
    if not isinstance(layers, dict) or not layers:
        return t("bundle.sandbox.limits", lang, inside=inside)
    on = [name for name, layer in layers.items() if (layer or {}).get("active")]
    off = [name for name, layer in layers.items() if not (layer or {}).get("active")]
    text = t("bundle.sandbox.layers", lang, on=", ".join(on) or t("bundle.none", lang))
    if off:
        text += t("bundle.sandbox.off", lang, off=", ".join(off))
    return text + inside + "."
