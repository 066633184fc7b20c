"""Command ``doctor``: which isolation layers this machine gives the learner's code, and why not."""

import typer

from quizzer.commands.common import JsonOption, LangOption, echo_json, lang


def doctor(json_: JsonOption = False, lang_: LangOption = None) -> None:
    """Say which layers of the sandbox work on this machine, and why any is missing.

    Starts one sandbox exactly as `quizzer check` does and reports each layer:
    filesystem (Landlock allow-list), network (own network namespace, Landlock
    TCP rules), processes (own PID namespace and /proc), privileges (no new
    privileges, no capabilities, unprivileged uid) and resources (rlimits).
    `quizzer grade` refuses to run without the filesystem and processes layers
    unless given --allow-unisolated. Exit code 0 when grade can run, 1 when not.

    Examples:

      quizzer doctor
      quizzer doctor --json | jq .layers.network
    """
    language = lang(lang_)
    from quizzer.grading.jail.probe import missing, support

    found = support()
    lacking = missing(found["layers"])
    if json_:
        found["grade_can_run"] = not lacking
        echo_json(found)
    else:
        from quizzer.render.doctor import print_doctor

        print_doctor(found, lacking, language)
    raise typer.Exit(1 if lacking else 0)


def register(app: typer.Typer) -> None:
    app.command()(doctor)
