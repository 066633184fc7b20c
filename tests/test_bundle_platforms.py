"""Each bundle's real entrypoint, unpacked into a temporary root the way its platform lays it out,
on real submissions: the self-check's seven kinds, a catalogued mistake, a sandbox escape, the
rate limit and a two-challenge bundle. Every results.json is validated against the schema.

Nothing is installed: the entrypoint runs with this environment's quizzer ($QUIZZER_PYTHON).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from quizzer.bundles import Spec, make_bundle, selfcheck, specimens
from quizzer.suites import cases

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "grade"
TESTS = len(cases("dropout"))  # one point each on Gradescope
SOLUTIONS = Path(__file__).parent.parent / "solutions"


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("bundles")
    made = {
        "gradescope": make_bundle(Spec("gradescope", ("dropout",), timeout=5), folder / "gs.zip"),
        "prairielearn": make_bundle(
            Spec("prairielearn", ("dropout",), image="me/quizzer:1", timeout=5), folder / "pl"
        ),
    }
    return {platform: selfcheck.check_bundle(b.path) for platform, b in made.items()}


@pytest.fixture
def unpacked(tmp_path):
    """``unpacked(platform, **spec)`` -> (root, spec): a fresh bundle laid out under tmp_path."""

    def make(platform: str, challenges=("dropout",), **kwargs):
        out = tmp_path / ("gs.zip" if platform == "gradescope" else "pl")
        if platform == "prairielearn":
            kwargs.setdefault("image", "me/quizzer:1")
        make_bundle(Spec(platform, tuple(challenges), **kwargs), out)
        check, spec = selfcheck.unpack(out, tmp_path / "root")
        assert check.layout == [] and spec is not None
        return tmp_path / "root", spec

    return make


def _run(root, spec, files):
    result, size, _, problems = selfcheck.run_entrypoint(spec, root, files, sys.executable)
    assert problems == [] and result is not None
    assert selfcheck.schema_errors(result, spec.platform) == []
    return result


@pytest.mark.parametrize("platform", ["gradescope", "prairielearn"])
@pytest.mark.parametrize("kind", specimens.KINDS)
def test_every_submission_kind_gets_a_valid_expected_result(bundles, platform, kind):
    check = bundles[platform]
    assert check.layout == []
    (run,) = [r for r in check.runs if r.kind == kind]
    assert run.ok, run.problems


def test_gradescope_results_in_detail(bundles):
    runs = {r.kind: r.results for r in bundles["gradescope"].runs}
    correct = runs["correct"]
    assert correct["score"] == len(correct["tests"]) == TESTS
    assert {t["visibility"] for t in correct["tests"]} == {"visible", "after_published"}
    (entry,) = correct["leaderboard"]
    assert entry["order"] == "asc" and 0 < entry["value"] < 100
    assert "Speed on the standard input" in correct["output"]
    layers = correct["extra_data"]["quizzer"]["isolation"]["layers"]  # as the jail reported them
    assert set(layers) >= {"filesystem", "processes"} and all(
        "active" in v for v in layers.values()
    )
    assert "Sandbox layers on:" in correct["output"]
    assert "crash: the process running dropout_forward() crashed" in json.dumps(runs["crash"])
    assert runs["hostile"]["output"] != "hacked" and runs["hostile"]["score"] < TESTS
    assert "rename my_dropout.py to dropout.py" in runs["misnamed"]["output"]
    assert "SyntaxError at line" in runs["syntax"]["output"]
    assert "dropout.py is empty" in runs["empty"]["output"]


def test_prairielearn_results_in_detail(bundles):
    runs = {r.kind: r.results for r in bundles["prairielearn"].runs}
    assert runs["correct"]["score"] == 1 and runs["correct"]["gradable"] is True
    hidden = [t for t in runs["wrong"]["tests"] if t["description"] == "hidden test"]
    assert hidden and all(t["output"] == "" for t in hidden)  # never a hidden test's inputs
    assert runs["syntax"]["gradable"] is False
    assert runs["misnamed"]["format_errors"] == [
        "no file named dropout.py: rename my_dropout.py to dropout.py and submit again."
    ]


@pytest.mark.parametrize("platform", ["gradescope", "prairielearn"])
def test_a_catalogued_mistake_is_diagnosed_as_check_does(unpacked, platform):
    root, spec = unpacked(platform)
    result = _run(root, spec, {"dropout.py": (FIXTURES / "wrong_no_rescale.py").read_text()})
    text = result["output"]
    assert "Known mistake:" in text and "1/(1-p)" in text or "1-p" in text


@pytest.mark.parametrize("platform", ["gradescope", "prairielearn"])
def test_a_missing_function_is_named_and_costs_no_prairielearn_attempt(unpacked, platform):
    root, spec = unpacked(platform)
    src = (SOLUTIONS / "dropout.py").read_text().replace("def dropout_backward", "def backward")
    result = _run(root, spec, {"dropout.py": src})
    if platform == "gradescope":
        assert result["score"] < TESTS and "Missing functions: dropout_backward" in result["output"]
    else:
        assert result["gradable"] is False
        assert "does not define dropout_backward()" in result["format_errors"][0]


def test_gradescope_sandbox_escape_attempt_fails(unpacked):
    root, spec = unpacked("gradescope")
    result = _run(root, spec, {"dropout.py": (FIXTURES / "hostile_escape.py").read_text()})
    assert result["score"] < TESTS


def test_gradescope_rate_limit_through_the_entrypoint(unpacked):
    root, spec = unpacked("gradescope", max_per_hour=1)
    previous = {
        "submission_time": "2026-12-01T11:30:00+00:00",
        "score": 4.0,
        "results": {"score": 4.0},
    }
    meta = {"created_at": "2026-12-01T12:00:00+00:00", "previous_submissions": [previous]}
    (root / "submission_metadata.json").write_text(json.dumps(meta))
    result = _run(root, spec, {"dropout.py": (SOLUTIONS / "dropout.py").read_text()})
    assert result["score"] == 4.0 and result["output"].startswith("Not graded: 1 submissions")
    (root / "submission_metadata.json").unlink()
    assert (
        _run(root, spec, {"dropout.py": (SOLUTIONS / "dropout.py").read_text()})["score"] == TESTS
    )


@pytest.mark.parametrize("platform", ["gradescope", "prairielearn"])
def test_two_challenges_one_file_each(unpacked, platform):
    root, spec = unpacked(platform, challenges=("dropout", "l1"))
    files = {
        "dropout.py": (SOLUTIONS / "dropout.py").read_text(),
        "hw/l1.py": (SOLUTIONS / "l1.py").read_text(),
    }
    both = _run(root, spec, files)
    if platform == "gradescope":
        assert both["score"] == len(both["tests"]) and len(both["leaderboard"]) == 2
        assert {t["tags"][0] for t in both["tests"]} == {"dropout", "l1"}
    else:
        assert both["score"] == 1
    del files["hw/l1.py"]
    one = _run(root, spec, files)
    if platform == "gradescope":
        l1 = [t for t in one["tests"] if t["tags"] == ["l1"]]
        assert l1 and all(t["score"] == 0 for t in l1) and 0 < one["score"] < len(one["tests"])
        assert "no file named l1.py" in one["output"]
    else:
        assert one["gradable"] is False and "no file named l1.py" in one["format_errors"][0]


def test_self_check_generates_a_failing_wrong_submission_for_every_challenge(tmp_path):
    """--check must work for any challenge: the generic off-by-one must fail each hidden suite.

    One bundle of all eleven; each run submits one challenge's file only (the others are
    then missing, which costs no sandbox)."""
    from quizzer.challenges import CHALLENGES

    out = tmp_path / "all.zip"
    make_bundle(Spec("gradescope", tuple(CHALLENGES), timeout=5), out)
    _, spec = selfcheck.unpack(out, tmp_path / "root")
    for challenge in CHALLENGES:
        files = specimens.submission("wrong", Spec("gradescope", (challenge,)), [])
        result = _run(tmp_path / "root", spec, files)
        mine = [t for t in result["tests"] if t["tags"] == [challenge]]
        assert any(t["score"] == 1 for t in mine), f"{challenge}: the reference should mostly pass"
        assert any(t["score"] == 0 for t in mine), f"{challenge}: the off-by-one went unnoticed"


def test_cli_bundle_with_self_check_reports_ready(tmp_path):
    from typer.testing import CliRunner

    from quizzer.cli import app

    out = tmp_path / "pl"
    args = ["bundle", "dropout", "--for", "prairielearn", "--image", "me/q:1", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--self-check", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["check"]["ok"] is True and len(data["check"]["runs"]) == len(specimens.KINDS)
    again = CliRunner().invoke(app, ["bundle", "--check", str(out)])
    assert again.exit_code == 0 and "the bundle is ready to upload" in again.stdout
