"""Each layer of the jail on its own: this machine supports it, it applies, and it stops its attack.

A sandbox started with only one layer (``sandbox.LAYERS``) must refuse the
attack that layer is for, and a sandbox with no layer at all must let the same
attack through (so each test could fail). Then: ``doctor``, ``grade``'s refusal
without the required layers, ``check``'s one-line warning, and the clean-up
that never follows a planted link.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizzer.challenges import solution_path
from quizzer.cli import app
from quizzer.grading.jail import filesystem, landlock, namespaces, network, privileges, processes
from quizzer.grading.jail import probe as jail_probe
from quizzer.grading.process import Limits, rmtree
from quizzer.grading.runner import escape_controls
from quizzer.grading.sandbox import LAYERS, Sandbox

pytestmark = pytest.mark.skipif(
    landlock.abi() < 6 or namespaces.why_not() is not None,
    reason="needs Landlock ABI 6+ and user namespaces (see quizzer doctor)",
)


def run(source: str, layers: tuple[str, ...] | None) -> tuple[str, dict]:
    """Run ``source`` as a module in a sandbox with only ``layers``; its output and isolation."""
    token = LAYERS.set(layers)
    try:
        with Sandbox(Limits(timeout=10)) as box:
            box.request({"op": "compile", "source": source, "filename": "attack.py"})
            reply, _ = box.request({"op": "exec", "module": "attack", "functions": []})
            assert reply["ok"], reply
            return box.output.text, box.isolation
    finally:
        LAYERS.reset(token)


def test_every_layer_is_supported_here():
    for layer in (filesystem, network, processes, privileges, namespaces, landlock):
        assert layer.why_not() is None, layer.__name__


def test_filesystem_layer_hides_a_file_outside(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    attack = f"try:\n    print(open({str(secret)!r}).read())\nexcept OSError as e:\n    print('denied', e.errno)\n"
    out, iso = run(attack, ("filesystem",))
    assert iso["filesystem"]["active"] and "denied 13" in out and "SECRET" not in out
    out, iso = run(attack, ())
    assert not iso["filesystem"]["active"] and "SECRET" in out


def test_filesystem_layer_keeps_the_reference_and_suite_invisible():
    attack = (
        "import importlib.util\n"
        f"for p in ({str(solution_path('dropout'))!r},):\n"
        "    try:\n        open(p).read(); print('READ', p)\n    except OSError: print('denied')\n"
        "try:\n    import quizzer.suites\n    print('IMPORTED')\nexcept ImportError: print('no import')\n"
    )
    out, _ = run(attack, ("filesystem",))
    assert "READ" not in out and "IMPORTED" not in out and "denied" in out


@pytest.mark.parametrize("layers", [("namespaces",), ("network",)])
def test_network_layer_refuses_a_tcp_connection(layers):
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0)
    port = server.getsockname()[1]
    attack = (
        "import socket\ntry:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=2); print('CONNECTED')\n"
        "except OSError as e:\n    print('refused', e.errno)\n"
    )
    try:
        out, _ = run(attack, layers)
        assert "CONNECTED" not in out and "refused" in out
        with pytest.raises(BlockingIOError):
            server.accept()
        out, _ = run(attack, ())
        assert "CONNECTED" in out
    finally:
        server.close()


def test_processes_layer_shows_and_signals_no_outside_process():
    attack = (
        "import os\nprint('PIDS', sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))\n"
        f"try:\n    os.kill({os.getpid()}, 0); print('SIGNALLED')\nexcept OSError as e: print('no', e.errno)\n"
    )
    out, iso = run(attack, ("namespaces", "processes"))
    assert iso["processes"]["active"]
    assert "PIDS [1, 2]" in out and "SIGNALLED" not in out  # the jail's process 1 and the worker
    out, _ = run(attack, ())
    assert "SIGNALLED" in out


def test_privileges_layer_sets_no_new_privs_and_drops_every_capability():
    attack = "print(open('/proc/self/status').read())\n"
    out, iso = run(attack, ("namespaces", "privileges"))
    status = dict(line.split(":\t", 1) for line in out.splitlines() if ":\t" in line)
    assert iso["privileges"]["active"]
    assert status["NoNewPrivs"].strip() == "1" and int(status["CapEff"], 16) == 0
    assert status["Uid"].split()[0] == str(namespaces.JAIL_UID)


def test_doctor_reports_every_layer_as_json():
    result = CliRunner().invoke(app, ["doctor", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["grade_can_run"] is True
    assert all(found["layers"][n]["active"] for n in jail_probe.LAYERS)
    assert found["facts"]["landlock_abi"] == landlock.abi()


def test_doctor_explains_a_machine_without_the_layers(monkeypatch):
    off = {"active": False, "why": "this kernel has no Landlock"}
    fake = {"layers": dict.fromkeys(jail_probe.LAYERS, off), "facts": jail_probe.facts()}
    monkeypatch.setattr(jail_probe, "support", lambda: fake)
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "this kernel has no Landlock" in result.stdout and "--allow-unisolated" in result.stdout


def test_grade_refuses_without_the_filesystem_layer_unless_told(monkeypatch, tmp_path):
    (tmp_path / "alice.py").write_text(solution_path("dropout").read_text())
    real = jail_probe.support

    def without_filesystem():
        found = real()
        found["layers"]["filesystem"] = {"active": False, "why": "Landlock is off"}
        return found

    monkeypatch.setattr(jail_probe, "support", without_filesystem)
    refused = CliRunner().invoke(app, ["grade", str(tmp_path), "-c", "dropout", "--format", "csv"])
    assert refused.exit_code == 2 and "Landlock is off" in refused.stderr
    assert "--allow-unisolated" in refused.stderr and refused.stdout == ""
    allowed = CliRunner().invoke(
        app, ["grade", str(tmp_path), "-c", "dropout", "--format", "csv", "--allow-unisolated"]
    )
    assert allowed.exit_code == 0 and "alice.py,graded,1.0000" in allowed.stdout


def test_check_warns_in_one_line_when_a_layer_is_off(tmp_path):
    path = tmp_path / "dropout.py"
    path.write_text(solution_path("dropout").read_text())
    token = LAYERS.set(("namespaces", "processes", "privileges", "network"))
    try:
        result = CliRunner().invoke(app, ["check", str(path), "--json"])
    finally:
        LAYERS.reset(token)
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["isolation"]["filesystem"]["active"] is False
    warning = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(warning) <= 2 and "filesystem" in result.stderr and "doctor" in result.stderr


def test_clean_up_never_chmods_through_a_planted_link(tmp_path, monkeypatch):
    teacher = tmp_path / "teacher.txt"
    teacher.write_text("mine")
    teacher.chmod(0o644)
    box = tmp_path / "sandbox"
    (box / "locked").mkdir(parents=True)
    link = box / "locked" / "link"
    link.symlink_to(teacher)
    real_unlink = os.unlink
    failed = []

    def unlink_once(path, *args, **kwargs):  # the first removal fails, as in an unwritable folder
        if str(path).endswith("link") and not failed:
            failed.append(path)
            raise PermissionError(13, "Permission denied")
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink_once)
    rmtree(str(box))
    assert failed and not box.exists()
    assert teacher.stat().st_mode & 0o777 == 0o644 and teacher.read_text() == "mine"


def test_control_characters_are_escaped_but_lines_stay():
    text = "ok\n\x1b]0;pwned\x07\x1b[2Jdone\rover\ttab\u202e"
    shown = escape_controls(text)
    assert shown == "ok\n\\x1b]0;pwned\\x07\\x1b[2Jdone\\rover\ttab\\u202e"
    assert escape_controls("") == "" and escape_controls("plain") == "plain"


def test_the_allow_list_holds_numpy_but_no_project_or_site_packages():
    import numpy

    here = str(Path(__file__).resolve().parents[1] / "quizzer" / "grading")
    reads = filesystem.read_paths(here)
    paths = [p for p, _ in reads]
    assert str(Path(numpy.__file__).resolve().parent) in paths
    project = str(Path(here).parents[1])
    readable = [p for p, access in reads if access != landlock.READ_DIR]
    assert not [p for p in readable if p == project or p.startswith(project + "/quizzer")]
    assert not [p for p in readable if p.endswith("site-packages")]


def test_every_grade_format_records_the_isolation(tmp_path):
    (tmp_path / "alice.py").write_text(solution_path("dropout").read_text())
    runner = CliRunner()
    layers = "filesystem+network+processes+privileges+user+resources"
    csv = runner.invoke(app, ["grade", str(tmp_path), "-c", "dropout", "--format", "csv"])
    assert csv.exit_code == 0 and csv.stdout.splitlines()[1].endswith("," + layers)
    junit = runner.invoke(app, ["grade", str(tmp_path), "-c", "dropout", "--format", "junit"])
    assert f'name="isolation" value="{layers}"' in junit.stdout
    scope = runner.invoke(app, ["grade", str(tmp_path), "-c", "dropout", "--format", "gradescope"])
    isolation = json.loads(scope.stdout)["extra_data"]["quizzer"]["isolation"]
    assert all(isolation[n]["active"] for n in jail_probe.LAYERS)
    as_json = runner.invoke(app, ["grade", str(tmp_path), "-c", "dropout", "--format", "json"])
    assert all(json.loads(as_json.stdout)[0]["isolation"][n]["active"] for n in jail_probe.LAYERS)
