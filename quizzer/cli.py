"""The ``quizzer`` command line: glue only.

Each command module in ``quizzer/commands`` registers its commands; ``app`` imports a
command's module, and turns the command into a Click command, only when it runs
(``quizzer.commands.lazy``): a start-up pays for the command it runs. Command bodies parse
options, call one core function, and turn domain errors into a message on stderr and an
exit code. Heavy modules (NumPy, the grader) are imported inside command bodies, never here.
"""

from typing import Annotated

import typer

from quizzer.commands.lazy import lazy_group

# Every command, in the order of --help, and the module of quizzer.commands whose register(app)
# defines it: a run imports the module of the command it runs, --help imports them all.
COMMANDS = {
    "today": "today",
    "config": "today",
    "list": "deck",
    "show": "deck",
    "validate": "deck",
    "schema": "deck",
    "quiz": "quiz",
    "stats": "quiz",
    "export": "quiz",
    "import": "quiz",
    "answer": "answer",
    "drill": "grading",
    "check": "grading",
    "solution": "grading",
    "challenges": "path",
    "next": "path",
    "hint": "path",
    "grade": "grade",
    "bundle": "bundle",
    "figure": "figures",
    "export-anki": "anki",
    "doctor": "doctor",
}

app = typer.Typer(
    cls=lazy_group({name: f"quizzer.commands.{module}" for name, module in COMMANDS.items()}),
    name="quizzer",
    help=(
        "Flashcards with executable answers for deep-learning interviews on "
        "regularization: L1/L2, sparsity, dropout, BatchNorm and its cousins.\n\n"
        "Browse the cards (list, show), drill them with spaced repetition (quiz, stats), "
        "and prove you can implement each answer in NumPy (drill, check, grade). "
        "'quizzer' alone shows today: what is due and what to run next."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from quizzer import __version__

        typer.echo(f"quizzer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Print quizzer's version and exit.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    # bare ``quizzer`` shows the day (``quizzer today``)
    if ctx.invoked_subcommand is None:
        from quizzer.commands.today import today

        today()
