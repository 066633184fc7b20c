"""Commands: drill, check, solution (the implement-it loop)."""

from pathlib import Path
from typing import Annotated

import typer

from quizzer.commands.common import (
    DeckOption,
    JsonOption,
    LangOption,
    UserError,
    complete_card,
    complete_challenge,
    deck_paths,
    echo_json,
    fail,
    guard,
    lang,
)


def register(app: typer.Typer) -> None:
    app.command()(drill)
    app.command()(check)
    app.command()(solution)


def drill(
    card: Annotated[
        str,
        typer.Argument(
            help="Card id (e.g. dropout) or number (1-11).", autocompletion=complete_card
        ),
    ],
    dir: Annotated[
        Path, typer.Option("--dir", "-d", help="Folder to write the starter file in.")
    ] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    notebook: Annotated[
        bool,
        typer.Option("--notebook", help="Write a Jupyter notebook (e.g. dropout.ipynb) instead."),
    ] = False,
    lang_: LangOption = None,
    deck: DeckOption = None,
) -> None:
    """Write a starter file for a card's implement-it challenge.

    The file (e.g. dropout.py) holds every function's signature and docstring,
    bodies that raise NotImplementedError, the worked examples of the visible
    tests, and the command that checks it. An existing file is never
    overwritten without --force.

    Examples:

      quizzer drill dropout                 writes ./dropout.py
      quizzer drill 7 --dir ~/practice      card 7 (batchnorm) in ~/practice
      quizzer drill l1 -l zh --force        start over, with Chinese comments
      quizzer drill dropout --notebook      writes ./dropout.ipynb: the question, the
                                            starter code, the examples, a check cell
    """
    language = lang(lang_)

    def run() -> Path:
        from quizzer.grading.runner import challenge_for_card
        from quizzer.grading.starter import StarterExists, write_starter

        challenge, found = challenge_for_card(card, deck_paths(deck))
        info = (found.number, found.title(language)) if found is not None else None
        try:
            if notebook:
                from quizzer.notebook.starter import write_notebook

                return write_notebook(challenge, dir, force=force, lang=language, card=found)
            return write_starter(challenge, dir, force=force, lang=language, card=info)
        except StarterExists as exc:
            raise UserError(str(exc)) from None

    path = guard(run)
    if notebook:
        from quizzer.render.notebook import print_drill_notebook as print_drill
    else:
        from quizzer.render.report import print_drill

    print_drill(path, language)


def check(
    file: Annotated[Path, typer.Argument(help="Your submission, e.g. dropout.py.")],
    challenge: Annotated[
        str | None,
        typer.Option(
            "--challenge",
            "-c",
            help="Challenge id. Default: the file's '# quizzer challenge:' header, "
            "then its name (l1_sparsity.py -> l1-sparsity).",
            show_default=False,
            autocompletion=complete_challenge,
        ),
    ] = None,
    json_: JsonOption = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            "-w",
            help="Check again every time the file is saved, on a cleared screen: score, "
            "first failing test and diagnosis on top.",
        ),
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Wall-clock seconds allowed per function call.")
    ] = 10.0,
    lang_: LangOption = None,
) -> None:
    """Grade a submission against the challenge's hidden tests.

    Your code runs in a separate, limited process; the tests and the verdict
    run in quizzer. The report lists the failing tests (hidden ones show only
    their name and message), names a known mistake when your outputs match one,
    and compares your speed with the reference. Exit code 0 when every test
    passes, 1 when any fails (crashes, timeouts and syntax errors included),
    2 on a usage error. --json prints one object: "challenge", "passed",
    "score" (0-1), "tests" (each "name", "status", "message", "hidden"),
    "diagnosis" (each "mistake", "explanation"), "timing", and "with_hints"
    (a pass that came after `quizzer hint`).

    Examples:

      quizzer check dropout.py              grade once
      quizzer check dropout.py --watch      grade again on every save
      quizzer check mine.py -c l1-sparsity  the challenge, when the name differs
      quizzer check dropout.py --json | jq .score

    With --watch --json, each check prints one line of JSON (JSON Lines).
    """
    language = lang(lang_)
    if not timeout > 0:
        fail("--timeout must be a positive number of seconds")

    def setup():
        from quizzer.grading.runner import challenge_for_file, read_source

        read_source(file)  # a missing or unreadable file is a usage error
        return challenge_for_file(file, challenge)

    challenge_id = guard(setup)

    def once() -> int:
        return _check_once(file, challenge_id, timeout, json_, language, watching=watch)

    if not watch:
        raise typer.Exit(once())
    from quizzer.grading.runner import watch_changes
    from quizzer.grading.watch import watch as watch_loop

    raise typer.Exit(watch_loop(once, watch_changes(file)))


def _check_once(
    file: Path,
    challenge: str,
    timeout: float,
    as_json: bool,
    language: str,
    *,
    watching: bool = False,
) -> int:
    """Grade, record, print. Watching: JSON Lines (one object per save), or a cleared screen."""
    from quizzer.grading.process import Limits
    from quizzer.grading.runner import grade_submission, record

    report = guard(lambda: grade_submission(file, challenge, Limits(timeout=timeout)))
    from quizzer.grading.jail.probe import summary

    if off := summary(report.isolation):  # one line on stderr: never in --json's stdout
        from quizzer.render.doctor import print_isolation_warning

        print_isolation_warning(off, language)
    try:
        record(report)
    except (ValueError, OSError) as exc:  # the verdict still counts; the store problem is shown
        from quizzer.render import print_error

        print_error(f"this attempt was not recorded: {exc}")
    from quizzer.grading.path import standing

    mine, upcoming = standing(challenge, deck_paths(None))
    if as_json:
        data = report.to_dict(language)
        data["with_hints"] = bool(report.passed and mine is not None and mine.with_hints)
        data["hints_shown"] = mine.hints_shown if mine is not None else 0
        indent = None if watching else 2
        echo_json(data, indent=indent)
    else:
        from quizzer.render.report import print_report

        print_report(report, language, mine=mine, upcoming=upcoming, watching=watching)
    return report.exit_code


def solution(
    card: Annotated[
        str,
        typer.Argument(
            help="Card id (e.g. dropout) or number (1-11).", autocompletion=complete_card
        ),
    ],
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Show it even though you have not passed yet.")
    ] = False,
    lang_: LangOption = None,
    deck: DeckOption = None,
) -> None:
    """Show the reference solution once you have passed the challenge (or with --reveal).

    Passing means one 'quizzer check' of the challenge with every test passing;
    the reference is then printed with syntax highlighting, to compare styles.

    Examples:

      quizzer solution dropout              after 'quizzer check' passed
      quizzer solution 7 --reveal           peek before passing
    """
    language = lang(lang_)

    def run() -> tuple[str, bool]:
        from quizzer.grading.runner import challenge_for_card
        from quizzer.review.store import Store

        challenge, _ = challenge_for_card(card, deck_paths(deck))
        if reveal:
            return challenge, True
        with Store.open() as store:
            return challenge, store.has_passed(challenge)

    challenge_id, allowed = guard(run)
    if not allowed:
        fail(
            f"you have not passed {challenge_id} yet: pass `quizzer check` first, or run "
            f"`quizzer solution {card} --reveal` to see the reference anyway",
            1,
        )
    from quizzer.challenges import solution_path
    from quizzer.render.report import print_solution

    source = guard(lambda: solution_path(challenge_id).read_text(encoding="utf-8"))
    print_solution(challenge_id, source, language)
