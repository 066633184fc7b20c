"""``quizzer bundle``: specs, finding the student's file, results.json of both platforms, the layout.

The entrypoints run on real submissions in test_bundle_platforms.py; these tests
need no sandbox, except the two marked ``slow``.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizzer.bundles import BundleError, Spec, gradescope, make_bundle, prairielearn, selfcheck
from quizzer.bundles.common import MANIFEST, Outcome, locate, read_manifest, speed_ratio
from quizzer.cli import app

runner = CliRunner()


def _gradescope_errors(result: dict) -> list[str]:
    return selfcheck.schema_errors(result, "gradescope")


def _prairielearn_errors(result: dict) -> list[str]:
    return selfcheck.schema_errors(result, "prairielearn")


# --------------------------------------------------------------------------- spec
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"platform": "moodle", "challenges": ("dropout",)}, "unknown platform"),
        ({"platform": "gradescope", "challenges": ()}, "at least one challenge"),
        ({"platform": "gradescope", "challenges": ("dropuot",)}, "no challenge 'dropuot'"),
        ({"platform": "gradescope", "challenges": ("l1", "l1")}, "named twice"),
        ({"platform": "gradescope", "challenges": ("l1",), "lang": "fr"}, "unknown language"),
        ({"platform": "gradescope", "challenges": ("l1",), "max_per_hour": 0}, "at least 1"),
    ],
)
def test_a_bad_spec_says_what_is_wrong(kwargs, message):
    with pytest.raises(BundleError, match=message):
        Spec(**kwargs)


def test_each_challenge_expects_its_module_file():
    spec = Spec("gradescope", ("l1-sparsity", "dropout"))
    assert spec.filenames == {"l1-sparsity": "l1_sparsity.py", "dropout": "dropout.py"}


# --------------------------------------------------------------------------- locate
SPEC = Spec("gradescope", ("dropout",))


def _files(folder: Path, names: dict[str, str]) -> Path:
    for name, text in names.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_the_named_file_is_found_even_in_a_subfolder_and_beside_helpers(tmp_path):
    _files(tmp_path, {"hw/dropout.py": "x = 1\n", "helpers.py": "y = 2\n", "README.md": "hi"})
    assert locate(tmp_path, SPEC, "dropout").path == tmp_path / "hw" / "dropout.py"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ({"my_dropout.py": "x = 1\n"}, "rename my_dropout.py to dropout.py"),
        ({"Dropout.py": "x = 1\n"}, "rename Dropout.py to dropout.py (names are case-sensitive)"),
        (
            {"a.py": "x\n", "b.py": "y\n"},
            "no file named dropout.py in your submission (it has: a.py, b.py)",
        ),
        ({}, "(it has: no files)"),
        (
            {"dropout.py": "  \n\n"},
            "dropout.py is empty: write dropout_forward(), dropout_backward()",
        ),
        (
            {"dropout.py": "x\n", "old/dropout.py": "y\n"},
            "2 files are named dropout.py (dropout.py, old/dropout.py)",
        ),
    ],
)
def test_what_the_student_must_fix(tmp_path, names, expected):
    found = locate(_files(tmp_path, names), SPEC, "dropout")
    assert found.path is None and expected in found.fix


def test_a_link_to_the_reference_is_refused(tmp_path):
    """A GitHub submission can hold a symlink: to the installed reference it would pass."""
    from quizzer.challenges import solution_path

    (tmp_path / "dropout.py").symlink_to(solution_path("dropout"))
    found = locate(tmp_path, SPEC, "dropout")
    assert (
        found.path is None and found.fix == "dropout.py is a symbolic link: submit the file itself."
    )


def test_a_huge_file_is_refused_unread(tmp_path):
    with open(tmp_path / "dropout.py", "wb") as f:
        f.truncate(3_000_000)
    found = locate(tmp_path, SPEC, "dropout")
    assert found.path is None and "dropout.py is 3000000 bytes: submit only your code" in found.fix


def test_os_litter_and_hidden_files_are_not_candidates(tmp_path):
    _files(
        tmp_path, {"dropout.py": "x = 1\n", "__MACOSX/dropout.py": "junk", ".old/dropout.py": "y"}
    )
    assert locate(tmp_path, SPEC, "dropout").path == tmp_path / "dropout.py"


# --------------------------------------------------------------------------- results.json
def _outcome(tmp_path, fix: str, challenge: str = "dropout") -> Outcome:
    from quizzer.grading import batch
    from quizzer.grading.discovery import Entry

    record = batch.not_gradable(Entry(f"{challenge}.py", None, fix), challenge, fix)
    return Outcome(challenge, f"{challenge}.py", record, [fix])


def _passing(challenge: str = "dropout", ratios=(0.5, 2.0)) -> Outcome:
    from quizzer.suites import cases

    tests = [
        {
            "id": c.id,
            "name": c.name,
            "status": "pass",
            "message": "",
            "hidden": c.hidden,
            "expected": None,
            "got": None,
            "seconds": 0.0,
        }
        for c in cases(challenge)
    ]
    record = {
        "submission": f"{challenge}.py",
        "status": "graded",
        "challenge": challenge,
        "passed": True,
        "score": 1.0,
        "passed_count": len(tests),
        "total": len(tests),
        "tests": tests,
        "diagnosis": [],
        "problem": None,
        "missing": [],
        "output": "",
        "timing": [
            {"function": f"f{i}", "ratio": r, "status": "ok", "note": ""}
            for i, r in enumerate(ratios)
        ],
    }
    return Outcome(challenge, f"{challenge}.py", record)


def test_gradescope_results_of_a_pass_and_a_problem_follow_the_contract(tmp_path):
    spec = Spec("gradescope", ("dropout", "l1"))
    result = gradescope.results(
        [_passing(), _outcome(tmp_path, "l1.py is empty: ...", "l1")], spec, 1.5
    )
    assert _gradescope_errors(result) == []
    passing = [t for t in result["tests"] if t["tags"] == ["dropout"]]
    assert result["score"] == len(passing) and all(
        t["name"].startswith("dropout: ") for t in passing
    )
    assert {t["visibility"] for t in passing} == {"visible", "after_published"}
    assert all(t["score"] == 0 for t in result["tests"] if t["tags"] == ["l1"])
    assert "What to fix: l1.py is empty" in result["output"]
    # one leaderboard entry, for the passed challenge: the geometric mean of its ratios
    assert result["leaderboard"] == [
        {"name": "dropout: time / reference", "value": 1.0, "order": "asc"}
    ]
    assert "max_score" not in result  # not in Gradescope's published contract


def test_no_leaderboard_entry_without_a_pass():
    record = dict(_passing().record, passed=False)
    assert speed_ratio(record) is None
    assert speed_ratio(_passing(ratios=(4.0,)).record) == pytest.approx(4.0)


def test_the_schemas_reject_what_the_platforms_would():
    assert _gradescope_errors({"score": 1, "tests": [{"status": "ok"}]})
    assert _gradescope_errors({"tests": [{"name": "no score anywhere"}]})
    assert _gradescope_errors(
        {"score": 1, "leaderboard": [{"name": "t", "value": 1, "order": "up"}]}
    )
    assert _prairielearn_errors({"gradable": True, "message": "no score"})
    assert _prairielearn_errors({"score": 1.5})
    assert _prairielearn_errors(
        {"score": 1, "tests": [{"name": "t", "points": "1", "max_points": 1}]}
    )
    assert (
        _prairielearn_errors({"gradable": False, "format_errors": ["fine without a score"]}) == []
    )


def test_prairielearn_not_gradable_loses_no_attempt(tmp_path):
    spec = Spec("prairielearn", ("dropout",), image="x")
    result = prairielearn.results([_outcome(tmp_path, "dropout.py is empty: write it")], spec)
    assert result["gradable"] is False and result["format_errors"] == [
        "dropout.py is empty: write it"
    ]
    assert _prairielearn_errors(result) == []
    passed = prairielearn.results([_passing()], spec)
    assert (
        passed["gradable"] is True and passed["score"] == 1 and _prairielearn_errors(passed) == []
    )


def test_prairielearn_results_stay_under_one_megabyte():
    spec = Spec("prairielearn", ("dropout",), image="x")
    outcome = _passing()
    outcome.record["output"] = "y" * 3_000_000
    for test in outcome.record["tests"]:
        test.update(status="fail", message="m" * 200_000)
    result = prairielearn.fit(prairielearn.results([outcome], spec))
    size = len(json.dumps(result, ensure_ascii=False).encode())
    assert size < prairielearn.MAX_BYTES and _prairielearn_errors(result) == []
    assert "cut: PrairieLearn keeps results under 1 MB" in result["output"]


# --------------------------------------------------------------------------- rate limit
def _metadata(tmp_path, times: list[str], now="2026-12-01T12:00:00+00:00") -> Path:
    previous = [
        {"submission_time": t, "score": 7.0, "results": {"score": 7.0, "output": f"graded at {t}"}}
        for t in times
    ]
    path = tmp_path / "submission_metadata.json"
    path.write_text(json.dumps({"created_at": now, "previous_submissions": previous}))
    return path


def test_rate_limit_keeps_the_previous_score_and_says_when_to_come_back(tmp_path):
    times = ["2026-12-01T11:10:00+00:00", "2026-12-01T11:40:00+00:00", "2026-12-01T11:50:00+00:00"]
    result = gradescope.rate_limited(_metadata(tmp_path, times), 3)
    assert result["score"] == 7.0 and _gradescope_errors(result) == []
    assert result["output"].startswith("Not graded: 3 submissions in the last hour")
    assert "2026-12-01T12:10:00+00:00" in result["output"]  # when the 11:10 one leaves the window
    assert "graded at 2026-12-01T11:50:00+00:00" in result["output"]  # the latest results, kept


def test_rate_limit_counts_back_from_the_submission_not_from_now(tmp_path):
    times = ["2026-12-01T10:30:00+00:00", "2026-12-01T11:40:00+00:00"]
    assert (
        gradescope.rate_limited(_metadata(tmp_path, times), 2) is None
    )  # 10:30 is out of the hour
    assert gradescope.rate_limited(_metadata(tmp_path, times), 1) is not None
    assert gradescope.rate_limited(_metadata(tmp_path, times), None) is None
    assert gradescope.rate_limited(tmp_path / "missing.json", 1) is None  # no metadata: grade


# --------------------------------------------------------------------------- layout
@pytest.fixture(scope="module")
def gradescope_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gs") / "dropout.zip"
    make_bundle(Spec("gradescope", ("dropout",), max_per_hour=5), out)
    return out


def test_gradescope_zip_has_executable_scripts_at_its_root(gradescope_zip):
    with zipfile.ZipFile(gradescope_zip) as z:
        names = set(z.namelist())
        assert {"setup.sh", "run_autograder", MANIFEST} <= names
        assert not any("/" in n for n in names)  # files, not a folder
        for script in ("setup.sh", "run_autograder"):
            info = z.getinfo(script)
            assert (info.external_attr >> 16) & stat.S_IXUSR
            assert z.read(script).startswith(b"#!/usr/bin/env bash\n")
        wheel = next(n for n in names if n.endswith(".whl"))
        assert f'WHEEL="$HERE/{wheel}"' in z.read("setup.sh").decode()
        manifest = json.loads(z.read(MANIFEST))
    assert manifest["platform"] == "gradescope" and manifest["max_per_hour"] == 5
    assert manifest["challenges"] == [{"id": "dropout", "file": "dropout.py"}]


def test_the_bundled_wheel_carries_the_grader_and_its_data(gradescope_zip, tmp_path):
    with zipfile.ZipFile(gradescope_zip) as z:
        wheel_name = next(n for n in z.namelist() if n.endswith(".whl"))
        (tmp_path / wheel_name).write_bytes(z.read(wheel_name))
    names = set(zipfile.ZipFile(tmp_path / wheel_name).namelist())
    for needed in (
        "quizzer/bundles/run.py",
        "quizzer/bundles/schemas/gradescope-results.schema.json",
        "quizzer/grading/worker.py",
        "quizzer/_data/solutions/dropout.py",
    ):
        assert needed in names
    # the hidden suite: a module, or a package of parts
    assert names & {"quizzer/suites/dropout.py", "quizzer/suites/dropout/__init__.py"}


def test_self_check_finds_a_zipped_folder_and_says_how_to_fix_it(gradescope_zip, tmp_path):
    wrapped = tmp_path / "wrapped.zip"
    with zipfile.ZipFile(gradescope_zip) as src, zipfile.ZipFile(wrapped, "w") as dst:
        for info in src.infolist():
            dst.writestr("autograder/" + info.filename, src.read(info))
    check = selfcheck.check_bundle(wrapped)
    assert not check.ok and not check.runs
    assert (
        "setup.sh is not at the zip's root (it is in autograder/setup.sh: zip the files, not their folder)"
        in check.layout
    )


def test_bundle_refuses_to_overwrite_and_wants_a_zip(gradescope_zip, tmp_path):
    with pytest.raises(BundleError, match="already exists; use --force"):
        make_bundle(Spec("gradescope", ("dropout",)), gradescope_zip)
    with pytest.raises(BundleError, match="takes a .zip file"):
        make_bundle(Spec("gradescope", ("dropout",)), tmp_path / "folder")
    with pytest.raises(BundleError, match="--image NAME"):
        make_bundle(Spec("prairielearn", ("dropout",)), tmp_path / "pl")
    precious = tmp_path / "home"
    (precious / "notes").mkdir(parents=True)
    spec = Spec("prairielearn", ("dropout",), image="x")
    with pytest.raises(BundleError, match="it is not a quizzer PrairieLearn bundle"):
        make_bundle(spec, precious, force=True)
    assert (precious / "notes").is_dir()
    make_bundle(spec, tmp_path / "pl", force=True)
    make_bundle(spec, tmp_path / "pl", force=True)  # a bundle is replaced


def test_prairielearn_question_folder(tmp_path):
    out = tmp_path / "pl"
    make_bundle(
        Spec("prairielearn", ("dropout", "l1"), image="me/quizzer:1", grading_timeout=90), out
    )
    info = json.loads((out / "question" / "info.json").read_text())
    assert info["gradingMethod"] == "External" and info["type"] == "v3"
    options = info["externalGradingOptions"]
    assert options == {
        "enabled": True,
        "image": "me/quizzer:1",
        "entrypoint": "/grade/tests/run_quizzer",
        "serverFilesCourse": [],
        "timeout": 90,
    }
    entry = out / "question" / "tests" / "run_quizzer"
    assert entry.read_text().startswith("#!/usr/bin/env bash") and os.access(entry, os.X_OK)
    page = (out / "question" / "question.html").read_text()
    for name in ("dropout.py", "l1.py"):
        assert f'<pl-file-editor file-name="{name}"' in page
        assert (out / "question" / f"starter_{name}").read_text().startswith("# quizzer challenge:")
    assert "<pl-external-grader-results>" in page
    docker = (out / "image" / "Dockerfile").read_text()
    wheel = next((out / "image").glob("quizzer-*.whl"))
    assert "FROM prairielearn/grader-python" in docker and f"COPY {wheel.name}" in docker
    spec, _ = read_manifest(out / "question" / "tests" / MANIFEST)
    assert spec.challenges == ("dropout", "l1") and spec.image == "me/quizzer:1"


# --------------------------------------------------------------------------- entrypoint, no grading
def test_a_broken_manifest_still_leaves_a_valid_results_json(tmp_path):
    for platform, variable in (("gradescope", "AUTOGRADER_ROOT"), ("prairielearn", "GRADE_ROOT")):
        root = tmp_path / platform
        bad = tmp_path / "bad.json"
        bad.write_text("{not json")
        env = {**os.environ, variable: str(root)}
        proc = subprocess.run(
            [sys.executable, "-m", "quizzer.bundles", platform, str(bad)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert proc.returncode == 0
        result = json.loads((root / "results" / "results.json").read_text())
        assert "The autograder failed" in json.dumps(result) and "not valid JSON" in json.dumps(
            result
        )
        assert selfcheck.schema_errors(result, platform) == []
        import hashlib

        assert (
            proc.stdout.strip()
            == hashlib.sha256((root / "results" / "results.json").read_bytes()).hexdigest()
        )


def test_run_autograder_without_python_still_writes_results(gradescope_zip, tmp_path):
    root = tmp_path / "autograder"
    with zipfile.ZipFile(gradescope_zip) as z:
        script = z.read("run_autograder")
    (root / "submission").mkdir(parents=True)
    (root / "run_autograder").write_bytes(script)
    (root / "run_autograder").chmod(0o755)
    env = {
        **os.environ,
        "AUTOGRADER_ROOT": str(root),
        "QUIZZER_PYTHON": str(tmp_path / "no-python"),
    }
    proc = subprocess.run(
        [str(root / "run_autograder")], env=env, capture_output=True, timeout=60, check=False
    )
    assert proc.returncode == 0
    result = json.loads((root / "results" / "results.json").read_text())
    assert (
        result["score"] == 0.0
        and "The autograder failed (quizzer exit status 127)" in result["output"]
    )
    assert _gradescope_errors(result) == []


# --------------------------------------------------------------------------- CLI
def test_cli_usage_errors_exit_2(tmp_path):
    for args, message in (
        (["bundle"], "name a challenge"),
        (["bundle", "dropout"], "--for gradescope|prairielearn and --out PATH are required"),
        (
            ["bundle", "dropout", "--for", "moodle", "--out", str(tmp_path / "x")],
            "unknown platform",
        ),
        (
            ["bundle", "nope", "--for", "gradescope", "--out", str(tmp_path / "x.zip")],
            "no challenge 'nope'",
        ),
        (["bundle", "--check", str(tmp_path / "missing.zip")], "no such bundle"),
        (["bundle", "dropout", "--check", str(tmp_path)], "takes no challenge"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output


def test_cli_writes_a_bundle_and_reports_it_as_json(tmp_path):
    out = tmp_path / "hw.zip"
    result = runner.invoke(
        app, ["bundle", "-c", "l1", "-c", "l2", "--for", "gradescope", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["challenges"] == ["l1", "l2"] and data["files"] == {"l1": "l1.py", "l2": "l2.py"}
    assert data["tests"] > 0 and out.is_file()


def test_cli_check_of_a_broken_bundle_exits_1(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(app, ["bundle", "--check", str(bad), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["layout"][0].startswith(f"{bad}: not a zip file")


# --------------------------------------------------------------------------- wheel
@pytest.mark.slow
def test_a_wheel_installed_quizzer_is_repacked_into_the_same_wheel(tmp_path):
    """No source checkout: the installed distribution is packed again, file for file."""
    import importlib.metadata

    from quizzer.bundles import wheel

    built = wheel.build_wheel(tmp_path / "built")
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(built),
        ],
        check=True,
        timeout=300,
    )
    (dist,) = [
        d
        for d in importlib.metadata.distributions(path=[str(target)])
        if d.metadata["Name"] == "quizzer"
    ]
    assert wheel.source_checkout(dist) is None  # its RECORD lists the package: repack it
    repacked = wheel.repack(dist, tmp_path / "repacked")
    original, again = zipfile.ZipFile(built), zipfile.ZipFile(repacked)
    content = {n for n in original.namelist() if not n.endswith("RECORD")}
    assert content == {n for n in again.namelist() if not n.endswith("RECORD")}
    for name in content:
        assert original.read(name) == again.read(name), name
    record = again.read(next(n for n in again.namelist() if n.endswith("RECORD"))).decode()
    assert "quizzer/__init__.py,sha256=" in record


def test_students_read_chinese_when_the_bundle_is_made_with_lang_zh(tmp_path):
    spec = Spec("prairielearn", ("dropout",), image="x", lang="zh")
    found = locate(_files(tmp_path, {"my_dropout.py": "x = 1\n"}), spec, "dropout")
    assert (
        found.fix == "没有名为 dropout.py 的文件：请把 my_dropout.py 改名为 dropout.py 后重新提交。"
    )
    result = prairielearn.results([_passing()], spec)
    n = len(result["tests"])
    assert n > 0 and result["message"] == f"通过 {n}/{n} 个测试。"
    assert {t["description"] for t in result["tests"]} == {"隐藏测试", "示例（可见测试）"}
    assert "标准输入上的速度" in result["output"] and "沙箱" in result["output"]


def test_run_quizzer_without_python_costs_no_attempt(tmp_path):
    out = tmp_path / "pl"
    make_bundle(Spec("prairielearn", ("dropout",), image="x"), out)
    root = tmp_path / "grade"
    (root / "student").mkdir(parents=True)
    shutil.copytree(out / "question" / "tests", root / "tests")
    env = {**os.environ, "GRADE_ROOT": str(root), "QUIZZER_PYTHON": str(tmp_path / "no-python")}
    proc = subprocess.run(
        [str(root / "tests" / "run_quizzer")], env=env, capture_output=True, timeout=60, check=False
    )
    assert proc.returncode == 0
    result = json.loads((root / "results" / "results.json").read_text())
    assert result["gradable"] is False and "quizzer exit status 127" in result["format_errors"][0]
    assert _prairielearn_errors(result) == []


def test_require_isolation_stops_grading_where_a_layer_is_missing(tmp_path, monkeypatch):
    """--require-isolation: no filesystem layer here, so nothing of the student's runs."""
    from quizzer.bundles.common import grade_folder
    from quizzer.grading.jail import probe
    from quizzer.grading.runner import GradingError

    off = {"active": False, "why": "user namespaces are disabled (test)"}
    monkeypatch.setattr(
        probe, "support", lambda timeout=30.0: {"layers": dict.fromkeys(probe.LAYERS, off)}
    )
    _files(tmp_path, {"dropout.py": "raise SystemExit('must not run')\n"})
    spec = Spec("gradescope", ("dropout",), outer_sandbox=False)
    with pytest.raises(GradingError, match="refusing to grade"):
        grade_folder(tmp_path, spec)
