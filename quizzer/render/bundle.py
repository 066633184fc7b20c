"""``quizzer bundle`` views: what was written and what to do next; the self-check's verdicts."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

_NEXT = {
    "gradescope": (
        "Upload {path} on Gradescope: assignment > Configure Autograder > Zip file upload "
        "(Ubuntu 22.04 base image). Students submit {files}. Full marks: {tests} points "
        "(one a test). Guide: docs/gradescope.md"
    ),
    "prairielearn": (
        "Build and push the image: docker build -t IMAGE {path}/image && docker push IMAGE. "
        "Copy {path}/question into your course's questions/ folder. Students edit {files}. "
        "Guide: docs/prairielearn.md"
    ),
}


def print_bundle(console: Console, bundle, check=None) -> None:
    files = ", ".join(bundle.files.values())
    console.print(
        Text.assemble(
            ("wrote ", ""),
            (str(bundle.path), "bold"),
            f" for {bundle.platform} ({', '.join(bundle.challenges)}; {bundle.tests} tests; "
            f"{bundle.wheel}) in {bundle.seconds:.2f} s",
        )
    )
    console.print(_NEXT[bundle.platform].format(path=bundle.path, files=files, tests=bundle.tests))
    if check is not None:
        print_selfcheck(console, check)


def print_selfcheck(console: Console, check) -> None:
    for problem in check.layout:
        console.print(Text.assemble(("✗ ", "bold red"), f"layout: {problem}"))
    if check.runs:
        table = Table(title=f"self-check of {check.path} ({check.platform})", title_justify="left")
        table.add_column("submission")
        table.add_column("result")
        table.add_column("seconds", justify="right")
        for run in check.runs:
            verdict = (
                Text("✓ as expected", "green")
                if run.ok
                else Text("✗ " + "; ".join(run.problems), "red")
            )
            table.add_row(run.kind, verdict, f"{run.seconds:.2f}")
        console.print(table)
    for note in check.notes:
        console.print(Text(f"note: {note}", "dim"))
    if check.ok:
        console.print(Text("the bundle is ready to upload", "bold green"))
    else:
        console.print(Text("the bundle is NOT ready: see above", "bold red"))
