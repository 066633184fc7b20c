"""Command ``figure``: draw one of the source write-up's pictures from its math, in the terminal
or as a picture file."""

from pathlib import Path
from typing import Annotated

import typer

from quizzer.commands.common import (
    JsonOption,
    LangOption,
    UserError,
    complete_figure,
    echo_json,
    fail,
    guard,
    lang,
)

FIGURE_HELP = """Draw one of the write-up's pictures from the math the cards teach.

Figures: solution-space (L1 diamond vs L2 disc meeting the loss contours),
penalized-loss (L(w), L(w)+Cw², L(w)+C|w| and their minima), priors
(Gaussian vs Laplace), dropout (a network with dropped units), norm-axes
(what BN, LN, IN and GN normalise together).

penalized-loss uses L(w) = a/2·(w − w0)² described by its slope at the origin,
--slope = L'(0) (so w0 = −slope/a), and the penalty weight --lam = C. The L1
minimum is exactly 0 whenever |L'(0)| <= C; try

  quizzer figure penalized-loss --slope -2 --lam 1      (L1 minimum at w = 1)
  quizzer figure penalized-loss --slope -0.9 --lam 1    (jumps to exactly w = 0)

Examples: quizzer figure --list; quizzer figure norm-axes --lang zh;
quizzer figure dropout --p 0.3 --seed 7 --json.

Pictures for notes and slides (matplotlib, the optional extra 'plots'):

  quizzer figure priors --save priors.svg
  quizzer figure penalized-loss --slope -2 --save loss.png
  quizzer figure norm-axes --lang zh --save norm.pdf    (Chinese titles need a CJK font,
                                                          e.g. Noto Sans CJK; else English)
"""

# CLI option -> the figure it applies to (parameter names of the quizzer.figure_math builders)
OPTION_FIGURE = {
    "lam": "penalized-loss",
    "slope": "penalized-loss",
    "curvature": "penalized-loss",
    "radius": "solution-space",
    "variance": "priors",
    "p": "dropout",
    "seed": "dropout",
    "groups": "norm-axes",
}


def figure(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Figure name (see --list).", show_default=False, autocompletion=complete_figure
        ),
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the figure names and exit.")] = False,
    lang_: LangOption = None,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            metavar="FILE",
            help="Write the figure as a picture instead of printing it: .svg, .png or .pdf "
            "by the extension (needs matplotlib: pip install 'quizzer\\[plots]').",
        ),
    ] = None,
    width: Annotated[
        int | None,
        typer.Option(
            "--width", "-w", min=40, help="Width in columns. Default: the terminal's, at most 100."
        ),
    ] = None,
    lam: Annotated[
        float | None,
        typer.Option("--lam", help="penalized-loss: penalty weight C >= 0. (default 1)"),
    ] = None,
    slope: Annotated[
        float | None,
        typer.Option(
            "--slope",
            help="penalized-loss: L'(0), the loss's slope at w = 0; the L1 minimum is exactly 0 "
            "iff |slope| <= lam. (default -0.8)",
        ),
    ] = None,
    curvature: Annotated[
        float | None,
        typer.Option("--curvature", help="penalized-loss: a = L''(w) > 0. (default 1)"),
    ] = None,
    radius: Annotated[
        float | None,
        typer.Option("--radius", help="solution-space: constraint size t > 0. (default 1)"),
    ] = None,
    variance: Annotated[
        float | None,
        typer.Option("--variance", help="priors: the common variance σ² > 0. (default 1)"),
    ] = None,
    p: Annotated[
        float | None, typer.Option("--p", help="dropout: drop probability in [0, 1]. (default 0.5)")
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="dropout: seed of the random mask. (default 4)")
    ] = None,
    groups: Annotated[
        int | None,
        typer.Option("--groups", help="norm-axes: GroupNorm groups, dividing C = 6. (default 2)"),
    ] = None,
    json_: JsonOption = False,
) -> None:
    code = lang(lang_)
    if list_:
        _list(code, json_)
        return
    if name is None:
        fail("give a figure name, or --list to see them")
    from quizzer.figures import FIGURES

    if name not in FIGURES:
        fail(f"no figure {name!r}; the figures are: {', '.join(FIGURES)}")
    given = {
        "lam": lam, "slope": slope, "curvature": curvature, "radius": radius,
        "variance": variance, "p": p, "seed": seed, "groups": groups,
    }  # fmt: skip
    params = {k: v for k, v in given.items() if v is not None}
    for option in params:
        if OPTION_FIGURE[option] != name:
            fail(f"--{option} applies to the {OPTION_FIGURE[option]} figure, not to {name}")
    if json_:
        _json(name, params)
    elif save is not None:
        _save(name, save, code, params)
    else:
        _print(name, code, width, params)


def _list(code: str, as_json: bool) -> None:
    from quizzer.figures import FIGURES

    if as_json:
        rows = [{"name": f.name, "title": f.title(code), "seed": f.seed} for f in FIGURES.values()]
        echo_json(rows)
        return
    from quizzer.render import console
    from quizzer.render.figures import figures_table

    console().print(figures_table(code))


def _json(name: str, params: dict) -> None:
    from quizzer.figures import figure_data

    data = guard(lambda: figure_data(name, **params))
    echo_json(data)


def _save(name: str, path: Path, code: str, params: dict) -> None:
    from quizzer.plots import PlotsUnavailable, save

    def write() -> tuple[Path, list[str]]:
        try:
            return save(name, path, code, **params)
        except PlotsUnavailable as exc:
            raise UserError(str(exc), 1) from None
        except OSError as exc:
            raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc

    written, warnings = guard(write)
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"wrote {written}", err=True)


def _print(name: str, code: str, width: int | None, params: dict) -> None:
    from quizzer.render import console
    from quizzer.render.figures import figure_renderable

    width = width or max(40, min(console().width, 100))
    console(width=width).print(guard(lambda: figure_renderable(name, code, width, **params)))


def register(app: typer.Typer) -> None:
    app.command("figure", help=FIGURE_HELP)(figure)
