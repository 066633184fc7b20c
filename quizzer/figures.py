"""The five figures: which there are, their titles, and the data of one by name.

``FIGURES`` lists them (``quizzer figure --list``); ``figure_data`` computes one with
``quizzer.figure_math``, rejecting parameters its function does not take.
``quizzer.render.figures`` draws this data in the terminal, ``quizzer.plots`` as a
picture; ``quizzer figure NAME --json`` prints it.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from quizzer.cards import Text
from quizzer.figure_math import dropout_network, norm_axes, penalized_loss, priors, solution_space


@dataclass(frozen=True)
class FigureInfo:
    name: str
    title: Text
    seed: str  # the seed's section and the picture(s) this figure replaces


FIGURES: dict[str, FigureInfo] = {
    f.name: f
    for f in (
        FigureInfo(
            "solution-space",
            Text(
                "L1 diamond vs L2 disc meeting the loss contours",
                "L1 菱形与 L2 圆形约束遇上损失等高线",
            ),
            "4.1 jiekongjian.png",
        ),
        FigureInfo(
            "penalized-loss",
            Text(
                "L(w), L(w)+Cw² and L(w)+C|w| with their minima",
                "L(w)、L(w)+Cw² 与 L(w)+C|w| 及其最小值",
            ),
            "4.2 func.png",
        ),
        FigureInfo(
            "priors",
            Text(
                "Gaussian (L2) vs Laplace (L1) prior, same variance",
                "高斯先验 (L2) 与拉普拉斯先验 (L1)，方差相同",
            ),
            "4.3 gauss.png, lasso.png",
        ),
        FigureInfo(
            "dropout",
            Text(
                "A network with dropped units (inverted dropout)",
                "丢弃部分单元的网络（inverted dropout）",
            ),
            "5 dropout.png",
        ),
        FigureInfo(
            "norm-axes",
            Text(
                "Which elements BN, LN, IN and GN normalise together",
                "BN、LN、IN、GN 各自一起归一化哪些元素",
            ),
            "10 bnln.png, norm.png",
        ),
    )
}


class UnknownFigure(ValueError):
    pass


def check_name(name: str) -> str:
    if name not in FIGURES:
        raise UnknownFigure(f"no figure {name!r}; the figures are: {', '.join(FIGURES)}")
    return name


_BUILDERS = {
    "solution-space": solution_space,
    "penalized-loss": penalized_loss,
    "priors": priors,
    "dropout": dropout_network,
    "norm-axes": norm_axes,
}


def figure_params(name: str) -> tuple[str, ...]:
    """The parameters a figure accepts (keyword names of its builder)."""
    return tuple(inspect.signature(_BUILDERS[check_name(name)]).parameters)


def figure_data(name: str, **params) -> dict:
    """The data of figure ``name``; unknown parameters are a ValueError naming the valid ones."""
    allowed = figure_params(name)
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ValueError(
            f"figure {name!r} takes no {', '.join(unknown)}; its parameters: {', '.join(allowed)}"
        )
    return _BUILDERS[name](**params)
