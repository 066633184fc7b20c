"""Terminal figures: the data of ``quizzer.figures`` drawn with plotext (curves) and Rich (diagrams).

``figure_renderable(name, lang, width)`` returns a Rich renderable no wider than
``width`` cells (pictures for files are ``quizzer.plots``, drawn with matplotlib).
The curves are drawn on ``quizzer.render.canvas``. plotext and NumPy are imported
inside the functions that need them. With ``NO_COLOR`` set, every curve is drawn with
its own marker, shown in the legend.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizzer.figure_math import NORM_METHODS
from quizzer.figures import FIGURES, check_name, figure_data
from quizzer.render.canvas import (
    BLUE,
    CYAN,
    GRAY,
    GREEN,
    ORANGE,
    RED,
    YELLOW,
    Canvas,
    color_style,
    curve_glyph,
    legend_text,
)
from quizzer.render.wrap import Wrapped

MIN_WIDTH = 40

GROUP_COLORS = (33, 208, 40, 170, 220, 45)  # backgrounds of the norm-axes statistics groups


def _(lang: str, en: str, zh: str) -> str:
    return zh if lang == "zh" else en


def _fmt(x: float) -> str:
    return f"{x:.3g}" if x != 0 else "0"


# --- penalized-loss ---------------------------------------------------------------------


def _penalized_loss(lang: str, width: int, **params) -> RenderableType:
    d = figure_data("penalized-loss", **params)
    colors = {"loss": BLUE, "l2": ORANGE, "l1": GREEN}
    mins = d["minima"]
    top = 2.5 * max(
        d["curves"]["loss"][d["w"].index(0.0)], *(m["value"] for m in mins.values()), 0.05
    )
    cv = Canvas(width, 20)
    ax = cv.fig
    cv.segment(ax, (0.0, 0.0), (0.0, top), GRAY, "│")
    for key in ("loss", "l2", "l1"):
        cv.curve(ax, d["w"], d["curves"][key], colors[key])
    for key in ("loss", "l2", "l1"):
        cv.points(ax, [mins[key]["w"]], [mins[key]["value"]], colors[key], "●")
    ax.ruler("y").lim(-0.04 * top, top)
    ax.ruler("x").lim(d["w"][0], d["w"][-1])
    ticks = [d["w"][-1] * k / 3 for k in range(-3, 4)]
    ax.ruler("x").ticks(ticks, [_fmt(round(x, 2)) for x in ticks])
    ax.label("w", axis="x")

    s, C, a = d["slope"], d["lam"], d["curvature"]
    left, right = d["l1_slopes_at_0"]["left"], d["l1_slopes_at_0"]["right"]
    head = Text(
        f"L(w) = a/2·(w − w0)²   a = {_fmt(a)}   L'(0) = {_fmt(s)}   C = {_fmt(C)}   w0 = {_fmt(d['w0'])}"
    )
    legend = legend_text(
        [
            (curve_glyph(BLUE), BLUE, f"L(w): w* = {_fmt(mins['loss']['w'])}"),
            (curve_glyph(ORANGE), ORANGE, f"L(w)+Cw²: w* = {_fmt(mins['l2']['w'])}"),
            (curve_glyph(GREEN), GREEN, f"L(w)+C|w|: w* = {_fmt(mins['l1']['w'])}"),
        ],
        width=width,
    )
    formulas = Text(
        _(
            lang,
            "L2: w* = a·w0/(a+2C)   L1: w* = soft_threshold(w0, C/a)   ● = minimum",
            "L2：w* = a·w0/(a+2C)   L1：w* = soft_threshold(w0, C/a)   ● = 最小值",
        )
    )
    if d["sparse"]:
        verdict = _(
            lang,
            f"|L'(0)| = {_fmt(abs(s))} ≤ C = {_fmt(C)}: left of 0 L(w)+C|w| has slope {_fmt(left)} ≤ 0, "
            f"right of 0 slope {_fmt(right)} ≥ 0, so its minimum is exactly w = 0 (sparse). "
            "L2 only shrinks w: Cw² has slope 0 at 0.",
            f"|L'(0)| = {_fmt(abs(s))} ≤ C = {_fmt(C)}：L(w)+C|w| 在 0 左侧斜率 {_fmt(left)} ≤ 0，"
            f"右侧斜率 {_fmt(right)} ≥ 0，最小值恰好在 w = 0（稀疏）。L2 只让 w 变小：Cw² 在 0 处导数为 0。",
        )
        style = "bold " + color_style(GREEN)
    else:
        verdict = _(
            lang,
            f"|L'(0)| = {_fmt(abs(s))} > C = {_fmt(C)}: the L1 minimum stays off 0, shrunk by C/a. "
            "Set |--slope| ≤ --lam and it jumps to exactly 0.",
            f"|L'(0)| = {_fmt(abs(s))} > C = {_fmt(C)}：L1 的最小值不在 0，只是缩小了 C/a。"
            "令 |--slope| ≤ --lam，最小值会跳到恰好 0。",
        )
        style = "bold " + color_style(YELLOW)
    return Group(
        Wrapped(head), cv.text(), Wrapped(legend), Wrapped(formulas), Wrapped(verdict, style)
    )


# --- solution-space -----------------------------------------------------------------------


def _solution_space(lang: str, width: int, **params) -> RenderableType:
    d = figure_data("solution-space", **params)
    t = d["radius"]
    pts = [p for key in ("l1", "l2") for p in d[key]["contour"] + d[key]["boundary"]]
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    height = 24
    cols, rows = width // 2 - 8, height - 5  # canvas cells of one panel, roughly
    # a cell is about twice as tall as wide: equal units need x_range/cols == y_range/(2 rows)
    need_x = (y1 - y0) * cols / (2 * rows)
    if need_x > x1 - x0:
        mid, x0, x1 = (x0 + x1) / 2, 0.0, 0.0
        x0, x1 = mid - need_x / 2, mid + need_x / 2
    else:
        need_y = (x1 - x0) * 2 * rows / cols
        mid = (y0 + y1) / 2
        y0, y1 = mid - need_y / 2, mid + need_y / 2
    cv = Canvas(width, height, cols=2)
    cx, cy = d["loss"]["center"]
    for col, key in ((1, "l1"), (2, "l2")):
        ax = cv.panel(col)
        part = d[key]
        cv.segment(ax, (x0, x1), (0.0, 0.0), GRAY, "─")
        cv.segment(ax, (0.0, 0.0), (y0, y1), GRAY, "│")
        for contour in d["contours"]:
            cv.curve(ax, *zip(*contour, strict=True), color=CYAN)
        cv.curve(ax, *zip(*part["contour"], strict=True), color=BLUE)
        cv.curve(ax, *zip(*part["boundary"], strict=True), color=YELLOW)
        cv.points(ax, [cx], [cy], BLUE, "×")
        cv.points(ax, [part["optimum"][0]], [part["optimum"][1]], RED, "●")
        ax.ruler("x").lim(x0, x1)
        ax.ruler("y").lim(y0, y1)
        ax.title("L1: |w₁|+|w₂| ≤ t" if key == "l1" else "L2: w₁²+w₂² ≤ t²")
        ax.label("w₁", axis="x")
    w1, w2 = d["l1"]["optimum"], d["l2"]["optimum"]
    legend = legend_text(
        [
            (
                curve_glyph(YELLOW),
                YELLOW,
                _(lang, f"constraint, t = {_fmt(t)}", f"约束区域边界，t = {_fmt(t)}"),
            ),
            (curve_glyph(BLUE), BLUE, _(lang, "loss contour touching it", "与之相切的损失等高线")),
            ("×", BLUE, _(lang, "unconstrained minimum", "无约束最小值")),
        ],
        width=width,
    )
    opt = legend_text(
        [
            ("●", RED, _(lang, "constrained optimum:", "约束下的最优解：")),
        ],
        width=width,
    )
    opt.append(f" L1 ({_fmt(w1[0])}, {_fmt(w1[1])})   L2 ({_fmt(w2[0])}, {_fmt(w2[1])})")
    verdict = _(
        lang,
        "The diamond's corners stick out along the axes, so the contours usually hit a corner first: "
        "the L1 optimum has a coordinate exactly 0. The disc has no corners: the L2 optimum is only "
        "pulled toward 0.",
        "菱形的角沿坐标轴突出，等高线往往先碰到角：L1 的最优解有一个坐标恰好为 0。"
        "圆没有角：L2 的最优解只是被拉向 0。",
    )
    if not d["l1"]["active"]:
        verdict = _(
            lang,
            f"With t = {_fmt(t)} the unconstrained minimum lies inside both regions: the constraint "
            "is not active and nothing is shrunk. Try a smaller --radius.",
            f"t = {_fmt(t)} 时无约束最小值已在两个区域之内：约束不起作用，没有任何收缩。试试更小的 --radius。",
        )
    elif not d["l1"]["sparse"]:
        verdict = _(
            lang,
            f"With t = {_fmt(t)} the contour touches the diamond on an edge, not at a corner: "
            "the L1 optimum is not sparse here. Corners win for small t (try --radius 1).",
            f"t = {_fmt(t)} 时等高线碰到的是菱形的边而不是角：此时 L1 的最优解不稀疏。"
            "t 较小时角更容易被碰到（试试 --radius 1）。",
        )
    return Group(cv.text(), Wrapped(legend), Wrapped(opt), Wrapped(verdict, "bold"))


# --- priors -------------------------------------------------------------------------------


def _priors(lang: str, width: int, **params) -> RenderableType:
    d = figure_data("priors", **params)
    cv = Canvas(width, 18, cols=2)
    for col, (key, title) in enumerate(
        (("density", "p(w)"), ("penalty", "−log p(w) + log p(0)")), 1
    ):
        ax = cv.panel(col)
        cv.curve(ax, d["w"], d[key]["gaussian"], BLUE)
        cv.curve(ax, d["w"], d[key]["laplace"], RED)
        ax.title(title)
        ax.label("w", axis="x")
        if key == "penalty":
            ax.ruler("y").lim(0, max(d[key]["laplace"]))
    pk = d["peak"]
    legend = legend_text(
        [
            (
                curve_glyph(BLUE),
                BLUE,
                _(
                    lang,
                    f"Gaussian σ² = {_fmt(d['variance'])} → L2",
                    f"高斯 σ² = {_fmt(d['variance'])} → L2",
                ),
            ),
            (
                curve_glyph(RED),
                RED,
                _(
                    lang,
                    f"Laplace b = σ/√2 = {_fmt(d['laplace_b'])} → L1",
                    f"拉普拉斯 b = σ/√2 = {_fmt(d['laplace_b'])} → L1",
                ),
            ),
        ],
        width=width,
    )
    peaks = _(
        lang,
        f"Same variance; peak at 0: Gaussian 1/√(2πσ²) = {_fmt(pk['gaussian'])}, "
        f"Laplace 1/(2b) = {_fmt(pk['laplace'])}.",
        f"方差相同；0 处的峰值：高斯 1/√(2πσ²) = {_fmt(pk['gaussian'])}，"
        f"拉普拉斯 1/(2b) = {_fmt(pk['laplace'])}。",
    )
    verdict = _(
        lang,
        "Laplace is sharper at 0 and has a kink there (slopes ±p(0)/b); the Gaussian is smooth. "
        "MAP: −log prior is the penalty — w²/(2σ²) is L2, |w|/b is L1.",
        "拉普拉斯在 0 处更尖、有折点（斜率 ±p(0)/b），高斯在 0 处平滑。"
        "MAP：−log 先验就是惩罚项 —— w²/(2σ²) 即 L2，|w|/b 即 L1。",
    )
    return Group(cv.text(), Wrapped(legend), Wrapped(peaks), Wrapped(verdict, "bold"))


# --- dropout ------------------------------------------------------------------------------


def _dropout(lang: str, width: int, **params) -> RenderableType:
    d = figure_data("dropout", **params)
    layers, masks = d["layers"], d["masks"]
    tall = max(layers)
    cv = Canvas(width, 2 * tall + 4)
    ax = cv.fig
    pos = [[(li, (n - 1) / 2 - i) for i in range(n)] for li, n in enumerate(layers)]
    for li in range(len(layers) - 1):
        for i, (xa, ya) in enumerate(pos[li]):
            for j, (xb, yb) in enumerate(pos[li + 1]):
                if masks[li][i] and masks[li + 1][j]:
                    cv.segment(ax, (xa, xb), (ya, yb), GRAY)
    scale = "" if d["scale"] is None else f"×{_fmt(d['scale'])}"
    for li, layer in enumerate(pos):
        for i, (x, y) in enumerate(layer):
            kept = masks[li][i] > 0
            cv.points(ax, [x], [y], GREEN if kept else RED, "●" if kept else "✗")
            if kept and li < len(layers) - 1:
                cv.label(ax, x + 0.13, y, scale, YELLOW)
    names = [_(lang, "input", "输入层")]
    names += [_(lang, f"hidden {k}", f"隐藏层 {k}") for k in range(1, len(layers) - 1)]
    names += [_(lang, "output", "输出层")]
    for li, name in enumerate(names):
        cv.label(ax, li, tall / 2 + 0.6, name, CYAN)
    ax.axes(False)
    ax.ruler("x").frequency(0)
    ax.ruler("y").frequency(0)
    ax.ruler("x").lim(-0.25, len(layers) - 1 + 0.3)
    ax.ruler("y").lim(-tall / 2, tall / 2 + 0.8)
    p, dropped = d["p"], sum(layers[:-1]) - sum(d["kept"][:-1])
    legend = legend_text(
        [
            ("●", GREEN, _(lang, f"kept, scaled {scale or '—'}", f"保留，乘以 {scale or '—'}")),
            ("✗", RED, _(lang, "dropped (×0)", "丢弃（×0）")),
        ],
        width=width,
    )
    legend.append(
        _(
            lang,
            f"   p = {_fmt(p)}, random seed {d['seed']}: {dropped}/{sum(layers[:-1])} units dropped, "
            f"{d['edges']['live']}/{d['edges']['total']} connections live",
            f"   p = {_fmt(p)}，随机种子 {d['seed']}：丢弃 {dropped}/{sum(layers[:-1])} 个单元，"
            f"{d['edges']['live']}/{d['edges']['total']} 条连接有效",
        )
    )
    verdict = _(
        lang,
        "Training: mask = 0 where r < p, else 1/(1−p), so E[x'] = x (inverted dropout; the mask is "
        "applied elementwise). Test time: no units dropped, no rescaling.",
        "训练：r < p 时 mask = 0，否则为 1/(1−p)，因此 E[x'] = x（inverted dropout；mask 逐元素相乘）。"
        "测试：不丢弃，也不再缩放。",
    )
    return Group(cv.text(), Wrapped(legend), Wrapped(verdict, "bold"))


# --- norm-axes ----------------------------------------------------------------------------


def _norm_panel(lang: str, method: str, ids: list) -> Table:
    full, rule = NORM_METHODS[method]
    n, c, hw = len(ids), len(ids[0]), len(ids[0][0])
    grid = Text()
    # channel numbers over their column: "   c  0 1 2 3 4 5" (c0c1c2... ran together)
    header = " ".join(str(j) for j in range(c)) if c <= 10 else "".join(f"c{j}" for j in range(c))
    grid.append(("   c  " if c <= 10 else "      ") + header + "\n", style="dim")
    for i in range(n):
        for s in range(hw):
            grid.append(f"n{i} s{s} " if s == 0 else f"   s{s} ", style="dim")
            for j in range(c):
                g = ids[i][j][s]
                letter = chr(ord("a") + g % 26)
                grid.append(
                    f"{letter} ",
                    style=f"bold black on {color_style(GROUP_COLORS[g % len(GROUP_COLORS)])}",
                )
            grid.append("\n")
    grid.rstrip()
    n_groups = 1 + max(g for plane in ids for row in plane for g in row)
    panel = Table.grid()
    panel.add_row(Text(f"{method.upper()} {full}", style="bold"))
    panel.add_row(grid)
    panel.add_row(Text(_(lang, f"{n_groups} groups", f"{n_groups} 组"), style="dim"))
    return panel


def _norm_axes(lang: str, width: int, **params) -> RenderableType:
    d = figure_data("norm-axes", **params)
    shape = d["shape"]
    panels = [_norm_panel(lang, m, v["ids"]) for m, v in d["methods"].items()]
    panel_width = 6 + 2 * shape["C"]
    fits = (width + 2) // (panel_width + 2)
    per_row = 4 if fits >= 4 else 2 if fits >= 2 else 1
    table = Table.grid(padding=(0, 2))
    for start in range(0, len(panels), per_row):
        table.add_row(*panels[start : start + per_row])
    rules = Text()
    for m, (_full, rule) in NORM_METHODS.items():
        rules.append(f"{m.upper()}", style="bold")
        rules.append(f": {rule(lang)}\n")
    rules.rstrip()
    caption = _(
        lang,
        f"x has shape (N, C, H×W) = ({shape['N']}, {shape['C']}, {shape['HW']}); one cell per element "
        f"x[n, c, s], GN with {d['groups']} groups. Same letter = one mean and one variance.",
        f"x 的形状为 (N, C, H×W) = ({shape['N']}, {shape['C']}, {shape['HW']})；每格一个元素 "
        f"x[n, c, s]，GN 分 {d['groups']} 组。同一字母 = 共用一个均值和一个方差。",
    )
    return Group(table, Wrapped(rules), Wrapped(caption, "bold"))


_DRAW: dict[str, Callable[..., RenderableType]] = {
    "solution-space": _solution_space,
    "penalized-loss": _penalized_loss,
    "priors": _priors,
    "dropout": _dropout,
    "norm-axes": _norm_axes,
}


def figure_renderable(name: str, lang: str, width: int = 80, **params) -> RenderableType:
    """Figure ``name`` with labels in ``lang``, fitting in ``width`` terminal cells.

    ``width`` below ``MIN_WIDTH`` is drawn at ``MIN_WIDTH`` (a narrower terminal wraps it).
    Unknown names and out-of-range parameters raise ValueError.
    """
    check_name(name)
    width = max(int(width), MIN_WIDTH)
    title = Text(FIGURES[name].title(lang), style="bold underline")
    return Group(title, _DRAW[name](lang, width, **params))


def figures_table(lang: str) -> Table:
    """The figure names for ``quizzer figure --list``."""
    table = Table(box=None, pad_edge=False)
    table.add_column(_(lang, "figure", "图"), style="bold", no_wrap=True)
    table.add_column(_(lang, "shows", "内容"))
    table.add_column(_(lang, "picture in the write-up", "原文图片"), style="dim")
    for info in FIGURES.values():
        table.add_row(info.name, info.title(lang), info.seed)
    return table
