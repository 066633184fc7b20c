"""Start-up: what `quizzer --help` and `quizzer list` import, and the lazy command group.

A start-up imports the module of the command it runs and builds that command only
(``quizzer.commands.lazy``); ``--help`` lists every command without building one. The
timing itself is ``bench/bench_startup.py``.
"""

import os
import subprocess
import sys

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from quizzer.cli import COMMANDS, app
from quizzer.commands.lazy import command_name, summary

HEAVY = ("numpy", "pytest", "yaml", "fsrs", "quizzer.grading")


def imported(*args: str, home) -> set[str]:
    """The modules ``python -X importtime -m quizzer ARGS`` imports."""
    env = {**os.environ, "QUIZZER_HOME": str(home), "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quizzer", *args],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)}


def test_help_imports_no_core_module_and_nothing_heavy(tmp_path):
    modules = imported("--help", home=tmp_path)
    assert "quizzer.commands.deck" in modules  # the measurement saw the command modules
    assert not heavy(modules), heavy(modules)
    core = {m for m in modules if m.startswith("quizzer.") and not m.startswith("quizzer.commands")}
    assert core == {"quizzer.cli"}  # no card model, no deck, no Rich view of ours
    assert "json" not in modules


def test_list_imports_its_own_command_module_only_and_nothing_heavy(tmp_path):
    imported("list", home=tmp_path)  # fills the deck cache
    modules = imported("list", home=tmp_path)
    assert "quizzer.deck" in modules and "quizzer.render.deck" in modules
    assert not heavy(modules), heavy(modules)  # yaml too: a warm cache parses no card file
    commands = {m for m in modules if m.startswith("quizzer.commands.")}
    assert commands == {"quizzer.commands.lazy", "quizzer.commands.common", "quizzer.commands.deck"}


# -- the table of commands ------------------------------------------------------------------------
def registered(module: str) -> list[str]:
    registry = typer.Typer()
    __import__(f"quizzer.commands.{module}", fromlist=["register"]).register(registry)
    return [command_name(info) for info in registry.registered_commands]


def test_the_table_lists_every_command_each_module_registers():
    for module in set(COMMANDS.values()):
        assert registered(module) == [name for name, m in COMMANDS.items() if m == module]
    from pathlib import Path

    import quizzer.commands

    folder = Path(quizzer.commands.__file__).parent
    with_commands = {p.stem for p in folder.glob("*.py") if "def register(" in p.read_text()}
    assert with_commands == set(COMMANDS.values())


def run(group, *args: str) -> int:
    """Run the built group as the ``quizzer`` script does; its exit code."""
    try:
        group.main(list(args), prog_name="quizzer")
    except SystemExit as exc:
        return exc.code
    return 0


def test_help_lists_every_command_in_table_order_and_builds_none(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    group = get_command(app)
    assert run(group, "--help") == 0
    lines = capsys.readouterr().out.splitlines()
    listed = [line.split()[1] for line in lines if line.startswith("│ ")]
    assert [name for name in listed if not name.startswith("-")] == list(COMMANDS)
    assert group.commands.built == {}


def test_a_run_builds_the_command_it_runs_only(capsys):
    group = get_command(app)
    assert run(group, "list", "--json") == 0
    assert '"id": "dropout"' in capsys.readouterr().out
    assert list(group.commands.built) == ["list"]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_what_help_lists_is_what_the_command_says(name):
    group = get_command(app)
    info = group.commands.registry.info(name)
    built = group.commands[name]
    listed = summary(info, group.rich_markup_mode)
    fields = ("name", "help", "short_help", "hidden", "deprecated", "rich_help_panel")
    assert {f: getattr(listed, f) for f in fields} == {f: getattr(built, f) for f in fields}


def test_an_unknown_command_is_a_usage_error_with_a_suggestion():
    result = CliRunner().invoke(app, ["lsit"], env={"COLUMNS": "100"})
    assert result.exit_code == 2 and "No such command 'lsit'" in result.stderr
    assert "Did you mean 'list'?" in result.stderr
