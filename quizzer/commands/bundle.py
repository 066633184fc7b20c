"""Command ``bundle``: an autograder for Gradescope or PrairieLearn, and its self-check."""

from pathlib import Path
from typing import Annotated

import typer

from quizzer.commands.common import (
    JsonOption,
    LangOption,
    MemoryOption,
    TimeoutOption,
    echo_json,
    fail,
    guard,
    lang,
)

BUNDLE_HELP = """Write a ready-to-upload autograder for Gradescope or PrairieLearn.

It grades each student's file exactly as `quizzer check` does: the hidden
suite, the sandbox (inside the platform's container, the outer sandbox),
the diagnosis of known mistakes and the speed against the reference.
Students submit one file per challenge, named after it (dropout.py,
l1_sparsity.py ...).

Gradescope: --out is a .zip with setup.sh and run_autograder at its root
and this exact quizzer as a wheel. PrairieLearn: --out is a folder with
question/ (info.json, question.html, tests/) and image/ (a Dockerfile on
prairielearn/grader-python, with the wheel); name the image with --image.

--check PATH runs a bundle's real entrypoint here on a correct, a wrong, a
crashing, a hostile, an empty, a misnamed and a syntax-error submission,
and validates every results.json against the platform's JSON Schema.
Exit code 0 when it is ready, 1 when the self-check fails, 2 for a usage
error. Guides: docs/gradescope.md, docs/prairielearn.md.

Examples:
  quizzer bundle dropout --for gradescope --out dropout.zip
  quizzer bundle -c dropout -c l2 --for gradescope --out hw3.zip \\
      --max-per-hour 4
  quizzer bundle dropout --for prairielearn --out pl-dropout \\
      --image me/quizzer-grader:1
  quizzer bundle --check dropout.zip
"""


def bundle(
    challenge: Annotated[
        str | None,
        typer.Argument(metavar="CHALLENGE", help="Challenge id, e.g. dropout.", show_default=False),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option(
            "--for", metavar="PLATFORM", help="gradescope or prairielearn.", show_default=False
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="The zip (Gradescope) or folder (PrairieLearn) to write.",
            show_default=False,
        ),
    ] = None,
    challenges: Annotated[
        list[str] | None,
        typer.Option(
            "--challenge",
            "-c",
            metavar="ID",
            help="Another challenge (repeatable): one file each.",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        Path | None,
        typer.Option(
            "--check",
            metavar="PATH",
            help="Self-test a bundle instead of writing one.",
            show_default=False,
        ),
    ] = None,
    self_check: Annotated[
        bool,
        typer.Option("--self-check/--no-self-check", help="Self-test the bundle just written."),
    ] = False,
    timeout: TimeoutOption = 10.0,
    memory_mb: MemoryOption = 3072,
    max_per_hour: Annotated[
        int | None,
        typer.Option(
            "--max-per-hour",
            min=1,
            help="Gradescope: grade at most N submissions a student makes in an hour; later ones keep the previous score.",
            show_default=False,
        ),
    ] = None,
    image: Annotated[
        str | None,
        typer.Option(
            "--image",
            metavar="NAME",
            help="PrairieLearn: the grading image's name on Docker Hub (you build and push it).",
            show_default=False,
        ),
    ] = None,
    grading_timeout: Annotated[
        int,
        typer.Option(
            "--grading-timeout",
            min=5,
            max=600,
            help="PrairieLearn: seconds for a whole grading job.",
        ),
    ] = 60,
    require_isolation: Annotated[
        bool,
        typer.Option(
            "--require-isolation",
            help="Refuse to grade where the sandbox lacks its filesystem or processes layer "
            "(see quizzer doctor). Default: the platform's container is the outer sandbox, "
            "grading goes on with the layers it allows and the results say which ran.",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out.")] = False,
    json_: JsonOption = False,
    lang_: LangOption = None,
) -> None:
    """Write a Gradescope or PrairieLearn autograder (or self-test one with --check)."""
    from quizzer.render import console

    if check is not None:
        if challenge or challenges or platform or out:
            fail("--check PATH takes no challenge, --for or --out")
        from quizzer.bundles.selfcheck import check_bundle

        result = guard(lambda: check_bundle(check))
        _show(result, json_)
        raise typer.Exit(0 if result.ok else 1)
    ids = ([challenge] if challenge else []) + list(challenges or [])
    if not ids:
        fail("name a challenge (quizzer bundle dropout --for gradescope --out dropout.zip)")
    if platform is None or out is None:
        fail("--for gradescope|prairielearn and --out PATH are required")
    language = lang(lang_)

    def make():
        from quizzer.bundles import Spec, make_bundle

        spec = Spec(
            platform=platform.lower(),
            challenges=tuple(ids),
            timeout=timeout,
            memory_mb=memory_mb,
            lang=language,
            max_per_hour=max_per_hour,
            image=image or "",
            grading_timeout=grading_timeout,
            outer_sandbox=not require_isolation,
        )
        return make_bundle(spec, out, force=force)

    made = guard(make)
    tested = None
    if self_check:
        from quizzer.bundles.selfcheck import check_bundle

        tested = guard(lambda: check_bundle(made.path))
    if json_:
        data = made.to_dict()
        if tested is not None:
            data["check"] = tested.to_dict()
        echo_json(data)
    else:
        from quizzer.render.bundle import print_bundle

        print_bundle(console(), made, tested)
    raise typer.Exit(0 if tested is None or tested.ok else 1)


def _show(result, as_json: bool) -> None:
    if as_json:
        echo_json(result.to_dict())
    else:
        from quizzer.render import console
        from quizzer.render.bundle import print_selfcheck

        print_selfcheck(console(), result)


def register(app: typer.Typer) -> None:
    app.command("bundle", help=BUNDLE_HELP)(bundle)
