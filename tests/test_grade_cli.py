"""``quizzer grade`` through the CLI: formats on stdout and in files, usage errors, Ctrl-C."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizzer.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "grade"
runner = CliRunner()


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    shutil.copy(FIXTURES / "correct_where.py", folder / "alice.py")
    shutil.copy(FIXTURES / "wrong_no_rescale.py", folder / "bob.py")
    return folder


def grade(*args):
    return runner.invoke(app, ["grade", *map(str, args), "--timeout", "5", "--workers", "2"])


def test_json_on_stdout_is_clean_even_with_the_progress_bar(folder):
    result = grade(folder, "-c", "dropout", "--format", "json", "--progress")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["submission"] for d in data] == ["alice.py", "bob.py"]
    assert data[0]["passed"] and not data[1]["passed"]
    assert "dropout-no-rescale" in [d["mistake"] for d in data[1]["diagnosis"]]
    assert "2 of 2 submissions graded" in result.stderr


def test_json_flag_is_format_json(folder):
    result = grade(folder, "--challenge", "dropout", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2


def test_table_sorted_by_score(folder):
    result = grade(folder, "-c", "dropout")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "quizzer grade: dropout" in out and "100%" in out
    assert out.index("alice.py") < out.index("bob.py")
    assert "no rescale" in out and "2 of 2 submissions graded" in out


def test_out_file_and_per_submission(folder, tmp_path):
    out = tmp_path / "grades.csv"
    per = tmp_path / "per"
    result = grade(folder, "-c", "dropout", "-f", "csv", "-o", out, "--per-submission", per)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [(r["submission"], r["passed"]) for r in rows] == [
        ("alice.py", "true"),
        ("bob.py", "false"),
    ]
    assert json.loads((per / "bob.json").read_text())["submission"] == "bob.py"


def test_junit_and_gradescope_files(folder, tmp_path):
    junit = tmp_path / "junit.xml"
    assert grade(folder, "-c", "dropout", "-f", "junit", "-o", junit).exit_code == 0
    root = ET.parse(junit).getroot()
    assert [s.get("name") for s in root.findall("testsuite")] == ["alice.py", "bob.py"]
    per = tmp_path / "gs"
    result = grade(folder, "-c", "dropout", "-f", "gradescope", "--per-submission", per)
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [item["submission"] for item in listed] == ["alice.py", "bob.py"]
    alice = json.loads((per / "alice" / "results.json").read_text())
    assert alice == listed[0]["results"] and alice["score"] == alice["max_score"]


def test_a_per_submission_folder_inside_dir_is_not_a_submission(folder):
    result = grade(folder, "-c", "dropout", "-f", "json", "--per-submission", folder / "out")
    assert result.exit_code == 0
    assert [d["submission"] for d in json.loads(result.stdout)] == ["alice.py", "bob.py"]
    result = grade(folder, "-c", "dropout", "-f", "json")  # out/ holds no .py file either way
    assert len(json.loads(result.stdout)) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/missing", "-c", "dropout"], "no such folder"),
        (["{folder}", "-c", "nope"], "no challenge 'nope'"),
        (["{empty}", "-c", "dropout"], "no submissions"),
        (["{folder}", "-c", "dropout", "-f", "xml"], "unknown format"),
    ],
)
def test_usage_errors_exit_2_without_traceback(folder, tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    args = [a.format(tmp=tmp_path, folder=folder, empty=tmp_path / "empty") for a in args]
    result = runner.invoke(app, ["grade", *args])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_help_lists_grade():
    assert "grade" in runner.invoke(app, ["--help"]).stdout
    result = runner.invoke(app, ["grade", "--help"])
    assert result.exit_code == 0 and "--per-submission" in result.stdout


# --------------------------------------------------------------------------- Ctrl-C
def _stat(pid: int) -> tuple[int, int] | None:
    """(ppid, pgrp) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[2])


def _processes() -> dict[int, tuple[int, int]]:
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None:
                found[int(entry)] = stat
    return found


def _descendants(root: int) -> dict[int, int]:
    """pid -> process group of every process below ``root`` (sandboxes and the fork server)."""
    table = _processes()
    found: dict[int, int] = {}
    parents = {root}
    while parents:
        children = {pid for pid, (ppid, _) in table.items() if ppid in parents and pid not in found}
        found.update({pid: table[pid][1] for pid in children})
        parents = children
    return found


def _is_zygote(pid: int) -> bool:
    """The fork server (its children, forked from it, show the same command line)."""
    try:
        return b"--zygote" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.mark.slow
def test_ctrl_c_kills_every_sandbox_and_keeps_what_finished(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    for name in ("a1.py", "a2.py"):
        shutil.copy(FIXTURES / "correct_where.py", folder / name)
    for i in range(3):
        shutil.copy(FIXTURES / "hostile_hang_loop.py", folder / f"h{i}.py")
        shutil.copy(FIXTURES / "hostile_hang_import.py", folder / f"i{i}.py")
    out = tmp_path / "partial.json"
    cmd = [sys.executable, "-m", "quizzer", "grade", str(folder), "-c", "dropout", "-j", "2",
           "--timeout", "120", "-f", "json", "-o", str(out), "--no-progress"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _interrupt_and_check(proc, out)
    finally:
        if proc.poll() is None:
            proc.kill()  # its fork server and sandboxes follow it when its socket closes


def _interrupt_and_check(proc: subprocess.Popen, out: Path) -> None:
    groups: set[int] = set()
    deadline = time.monotonic() + 60
    started = time.monotonic()
    zygotes: set[int] = set()
    while time.monotonic() < deadline:
        below = _descendants(proc.pid)
        groups |= set(below.values())
        zygotes |= {pid for pid in below if _stat(pid) == (proc.pid, pid) and _is_zygote(pid)}
        # both quick submissions are done after a few seconds; two hanging ones then run
        if time.monotonic() - started > 4 and len(groups - zygotes) >= 4:
            break
        time.sleep(0.05)
    live = [pid for pid in _descendants(proc.pid) if pid not in zygotes]
    assert len(live) >= 2, "the hanging submissions' sandboxes should be running"
    assert len(zygotes) == 1, "the batch forks its sandboxes from one fork server"
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "not graded" in stderr and "Traceback" not in stderr
    time.sleep(0.2)
    strays = [pid for pid, (_, pgrp) in _processes().items() if pgrp in groups]
    strays += [pid for pid in zygotes if _stat(pid) is not None]
    assert strays == [], f"sandbox or fork-server processes left behind: {strays}"
    data = json.loads(out.read_text())
    finished = {d["submission"]: d for d in data}
    assert finished["a1.py"]["passed"] and finished["a2.py"]["passed"]
    assert len(finished) < 8
