"""The five figures as real pictures (SVG, PNG, PDF) drawn with matplotlib.

The data is ``quizzer.figures``' (the same the terminal figures draw); this module
only lays it out: axes with their names, legends, minima and optima marked, titles in
the learner's language. matplotlib is the optional extra ``plots``
(``pip install 'quizzer[plots]'``), imported only by the functions below, and only
its object-oriented API (``Figure``, no pyplot state, no GUI backend).

Chinese titles need a CJK font; ``cjk_font()`` looks for one in matplotlib's font
list. Without one the picture falls back to English and ``render`` says so in its
warnings (the caller prints them), instead of drawing boxes for every character.
"""

from __future__ import annotations

import io
import os
import textwrap
from functools import cache
from pathlib import Path

from quizzer.figure_math import NORM_METHODS
from quizzer.figures import FIGURES, check_name, figure_data

FORMATS = (".svg", ".png", ".pdf")
EXTRA = "pip install 'quizzer[plots]'"
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans SC", "Source Han Sans SC",
    "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei",
    "PingFang SC", "Heiti SC", "Hiragino Sans GB", "AR PL UMing CN", "Droid Sans Fallback",
)  # fmt: skip

# one colour and one marker per curve, so the legend still works in grey print
BLUE, ORANGE, GREEN, RED, YELLOW, GRAY, CYAN = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#bcbd22", "#7f7f7f", "#17becf",
)  # fmt: skip
GROUP_COLORS = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2")


class PlotsUnavailable(RuntimeError):
    """matplotlib is not installed: the message names the extra that brings it."""


def _(lang: str, en: str, zh: str) -> str:
    return zh if lang == "zh" else en


def _fmt(x: float) -> str:
    return f"{x:.3g}" if x != 0 else "0"


def _matplotlib():
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        raise PlotsUnavailable(f"saving figures as pictures needs matplotlib: {EXTRA}") from None
    import logging

    # "no bold in this CJK font, using regular" is not worth a line on the learner's screen
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    return matplotlib, Figure


@cache
def cjk_font() -> str | None:
    """The name of an installed font that has Chinese glyphs, or None.

    matplotlib caches its font list when it first runs, so a CJK font installed later
    is looked for among the system's font files too (and added) before giving up.
    """
    _matplotlib()
    from matplotlib import font_manager

    found = _known_cjk({f.name for f in font_manager.fontManager.ttflist})
    if found is None:
        for path in font_manager.findSystemFonts():
            if any(key in Path(path).name.lower() for key in _CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = _known_cjk({f.name for f in font_manager.fontManager.ttflist})
    return found


_CJK_FILES = ("cjk", "wqy", "sourcehansans", "droidsansfallback", "simhei", "msyh", "pingfang")


def _known_cjk(names: set[str]) -> str | None:
    for name in CJK_FONTS:
        if name in names:
            return name
    return next((n for n in sorted(names) if "CJK" in n or "Han Sans" in n), None)


def render(name: str, lang: str = "en", **params):
    """``(Figure, warnings)``: figure ``name`` drawn with labels in ``lang``.

    ``lang='zh'`` without a CJK font draws English labels and adds a warning.
    Unknown names and out-of-range parameters raise ValueError (from ``figure_data``).
    """
    check_name(name)
    matplotlib, Figure = _matplotlib()
    warnings: list[str] = []
    if lang == "zh" and cjk_font() is None:
        warnings.append(
            "no CJK font found by matplotlib (e.g. Noto Sans CJK, the Debian package "
            "fonts-noto-cjk): the picture's labels are in English"
        )
        lang = "en"
    data = figure_data(name, **params)
    with _style(lang):
        size, margins = _LAYOUT[name]
        fig = Figure(figsize=size)  # fixed margins: a layout engine would draw everything twice
        left, right, bottom, top, space = margins
        fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top, wspace=space)
        _DRAW[name](fig, data, lang)
        fig.suptitle(FIGURES[name].title(lang), fontweight="bold")
    fig.quizzer_lang = lang  # the language actually drawn, for saving in the same style
    return fig, warnings


def _style(lang: str):
    """matplotlib settings while a figure is built and saved (fonts are chosen at both times)."""
    matplotlib, _ = _matplotlib()
    font = cjk_font() if lang == "zh" else None
    # explicit families, not "sans-serif": a text keeps them after the context is left
    family = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    return matplotlib.rc_context(
        {"font.family": family, "axes.unicode_minus": False, "svg.hashsalt": "quizzer",
         "svg.fonttype": "path", "pdf.fonttype": 42}
    )  # fmt: skip


def save(name: str, path: str | Path, lang: str = "en", **params) -> tuple[Path, list[str]]:
    """Write figure ``name`` to ``path`` (.svg, .png or .pdf, by its extension)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"--save writes {', '.join(FORMATS)} (by the file's extension); got {str(path)!r}"
        )
    fig, warnings = render(name, lang, **params)
    metadata = {"Title": FIGURES[name].title("en")} if suffix != ".png" else None
    with _style(fig.quizzer_lang):
        fig.savefig(path, dpi=150, metadata=metadata)
    return path, warnings


def image(name: str, lang: str = "en", fmt: str = "png", dpi: int = 110, **params) -> bytes:
    """Figure ``name`` as image bytes (for the Anki export)."""
    fig, _w = render(name, lang, **params)
    buf = io.BytesIO()
    with _style(fig.quizzer_lang):
        fig.savefig(buf, format=fmt, dpi=dpi, metadata={"Software": None} if fmt == "png" else None)
    return buf.getvalue()


def cached_png(name: str, lang: str = "en", dpi: int = 110) -> bytes:
    """``image(name, lang)`` kept in the data directory, keyed on everything that draws it.

    The key hashes the source of this module, ``quizzer.figures`` and ``quizzer.figure_math``,
    matplotlib's version, the CJK font, the figure, the language and the resolution: any
    change draws it anew.
    """
    import hashlib

    import matplotlib

    from quizzer import figure_math, figures
    from quizzer.paths import home

    font = cjk_font() if lang == "zh" else None
    key = hashlib.sha256()
    for part in (Path(__file__), Path(figures.__file__), Path(figure_math.__file__)):
        key.update(part.read_bytes())
    key.update(repr((matplotlib.__version__, font, name, lang, dpi)).encode())
    path = home() / "cache" / "figures" / f"{name}-{lang}-{key.hexdigest()[:20]}.png"
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = image(name, lang, "png", dpi)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:  # a read-only data directory: the picture is still right, only not kept
        pass
    return data


# --- the five figures -------------------------------------------------------------------


def _penalized_loss(fig, d: dict, lang: str) -> None:
    ax = fig.add_subplot()
    mins = d["minima"]
    top = 2.5 * max(
        d["curves"]["loss"][d["w"].index(0.0)], *(m["value"] for m in mins.values()), 0.05
    )
    labels = {"loss": "L(w)", "l2": "L(w) + Cw²", "l1": "L(w) + C|w|"}
    styles = {"loss": (BLUE, "o", "-"), "l2": (ORANGE, "s", "--"), "l1": (GREEN, "D", "-.")}
    ax.axvline(0.0, color=GRAY, lw=0.8)
    for key in ("loss", "l2", "l1"):
        color, marker, line = styles[key]
        ax.plot(d["w"], d["curves"][key], color=color, ls=line, lw=2,
                label=f"{labels[key]}:  w* = {_fmt(mins[key]['w'])}")  # fmt: skip
        ax.plot([mins[key]["w"]], [mins[key]["value"]], marker=marker, color=color, ms=9,
                mec="black", ls="none", zorder=5)  # fmt: skip
    ax.set_xlim(d["w"][0], d["w"][-1])
    ax.set_ylim(-0.04 * top, top)
    ax.set_xlabel("w")
    ax.set_ylabel(_(lang, "loss", "损失"))
    ax.grid(alpha=0.3)
    ax.legend(title=_(lang, "markers: minima", "标记：最小值"), loc="lower left")
    s, C, a = d["slope"], d["lam"], d["curvature"]
    note = f"L(w) = a/2·(w − w0)²,  a = {_fmt(a)},  L'(0) = {_fmt(s)},  C = {_fmt(C)}"
    verdict = (
        _(lang, "|L'(0)| ≤ C: the L1 minimum is exactly w = 0 (sparse)",
          "|L'(0)| ≤ C：L1 的最小值恰好在 w = 0（稀疏）")
        if d["sparse"]
        else _(lang, f"|L'(0)| > C: the L1 minimum is shrunk by C/a = {_fmt(C / a)}, not 0",
               f"|L'(0)| > C：L1 的最小值缩小了 C/a = {_fmt(C / a)}，不为 0")
    )  # fmt: skip
    ax.set_title(f"{note}\n{verdict}", fontsize=9)


def _solution_space(fig, d: dict, lang: str) -> None:
    pts = [p for key in ("l1", "l2") for p in d[key]["contour"] + d[key]["boundary"]]
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    pad = 0.08 * max(x1 - x0, y1 - y0)
    cx, cy = d["loss"]["center"]
    t = d["radius"]
    axes = fig.subplots(1, 2, sharex=True, sharey=True)
    for ax, key in zip(axes, ("l1", "l2"), strict=True):
        part = d[key]
        ax.axhline(0, color=GRAY, lw=0.8)
        ax.axvline(0, color=GRAY, lw=0.8)
        for i, contour in enumerate(d["contours"]):
            ax.plot(*zip(*contour, strict=True), color=CYAN, lw=1, ls=":",
                    label=_(lang, "loss contours", "损失等高线") if i == 0 else None)  # fmt: skip
        ax.plot(*zip(*part["contour"], strict=True), color=BLUE, lw=1.6,
                label=_(lang, "contour touching the region", "与约束区域相切的等高线"))  # fmt: skip
        ax.fill(*zip(*part["boundary"], strict=True), color=YELLOW, alpha=0.25, lw=2, ec=YELLOW,
                label=_(lang, f"constraint region, t = {_fmt(t)}", f"约束区域，t = {_fmt(t)}"))  # fmt: skip
        ax.plot([cx], [cy], "x", color=BLUE, ms=10, mew=2,
                label=_(lang, "unconstrained minimum", "无约束最小值"))  # fmt: skip
        w = part["optimum"]
        ax.plot([w[0]], [w[1]], "o", color=RED, ms=9, mec="black", zorder=5,
                label=_(lang, f"optimum ({_fmt(w[0])}, {_fmt(w[1])})",
                        f"最优解 ({_fmt(w[0])}, {_fmt(w[1])})"))  # fmt: skip
        ax.set_title("L1: |w₁| + |w₂| ≤ t" if key == "l1" else "L2: w₁² + w₂² ≤ t²")
        ax.set_xlim(x0 - pad, x1 + pad)
        ax.set_ylim(y0 - pad, y1 + pad)
        ax.set_aspect("equal")
        ax.set_xlabel("w₁")
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right", fontsize=7)
    axes[0].set_ylabel("w₂")


def _priors(fig, d: dict, lang: str) -> None:
    axes = fig.subplots(1, 2)
    names = {
        "gaussian": _(lang, f"Gaussian, σ² = {_fmt(d['variance'])} → L2",
                      f"高斯，σ² = {_fmt(d['variance'])} → L2"),
        "laplace": _(lang, f"Laplace, b = σ/√2 = {_fmt(d['laplace_b'])} → L1",
                     f"拉普拉斯，b = σ/√2 = {_fmt(d['laplace_b'])} → L1"),
    }  # fmt: skip
    styles = {"gaussian": (BLUE, "-"), "laplace": (RED, "--")}
    titles = {"density": "p(w)", "penalty": "−log p(w) + log p(0)"}
    for ax, key in zip(axes, ("density", "penalty"), strict=True):
        for prior in ("gaussian", "laplace"):
            color, line = styles[prior]
            ax.plot(d["w"], d[key][prior], color=color, ls=line, lw=2, label=names[prior])
        if key == "density":
            for prior, marker in (("gaussian", "o"), ("laplace", "D")):
                ax.plot([0.0], [d["peak"][prior]], marker, color=styles[prior][0], mec="black")
            ax.set_ylim(0, 1.3 * max(d["peak"].values()))  # room for the legend
        else:
            ax.set_ylim(0, max(d[key]["laplace"]))
        ax.set_xlim(d["w"][0], d["w"][-1])
        ax.set_title(titles[key])
        ax.set_xlabel("w")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper right" if key == "density" else "upper center")
    axes[0].set_ylabel(_(lang, "density", "概率密度"))
    axes[1].set_ylabel(_(lang, "penalty added to the loss (MAP)", "加到损失上的惩罚（MAP）"))


def _dropout(fig, d: dict, lang: str) -> None:
    ax = fig.add_subplot()
    layers, masks = d["layers"], d["masks"]
    tall = max(layers)
    pos = [[(li, (n - 1) / 2 - i) for i in range(n)] for li, n in enumerate(layers)]
    for li in range(len(layers) - 1):
        for i, (xa, ya) in enumerate(pos[li]):
            for j, (xb, yb) in enumerate(pos[li + 1]):
                live = masks[li][i] and masks[li + 1][j]
                ax.plot([xa, xb], [ya, yb], color=GRAY if live else "#dddddd",
                        lw=1 if live else 0.6, ls="-" if live else ":", zorder=1)  # fmt: skip
    scale = "—" if d["scale"] is None else f"×{_fmt(d['scale'])}"
    for li, layer in enumerate(pos):
        for i, (x, y) in enumerate(layer):
            kept = masks[li][i] > 0
            ax.plot([x], [y], "o" if kept else "X", color=GREEN if kept else RED, ms=16,
                    mec="black", zorder=3)  # fmt: skip
            if kept and li < len(layers) - 1:
                ax.annotate(scale, (x, y), xytext=(12, 6), textcoords="offset points",
                            fontsize=8, color="#8c6d00")  # fmt: skip
    names = [_(lang, "input", "输入层")]
    names += [_(lang, f"hidden {k}", f"隐藏层 {k}") for k in range(1, len(layers) - 1)]
    names += [_(lang, "output", "输出层")]
    for li, name in enumerate(names):
        ax.text(li, tall / 2 + 0.2, name, ha="center", fontweight="bold")
    ax.plot([], [], "o", color=GREEN, mec="black", label=_(lang, f"kept, scaled {scale}",
                                                             f"保留，乘以 {scale}"))  # fmt: skip
    ax.plot([], [], "X", color=RED, mec="black", label=_(lang, "dropped (×0)", "丢弃（×0）"))
    dropped = sum(layers[:-1]) - sum(d["kept"][:-1])
    ax.set_title(
        _(lang, f"p = {_fmt(d['p'])}, seed {d['seed']}: {dropped}/{sum(layers[:-1])} units dropped, "
          f"{d['edges']['live']}/{d['edges']['total']} connections live",
          f"p = {_fmt(d['p'])}，种子 {d['seed']}：丢弃 {dropped}/{sum(layers[:-1])} 个单元，"
          f"{d['edges']['live']}/{d['edges']['total']} 条连接有效"),
        fontsize=9,
    )  # fmt: skip
    ax.legend(loc="lower center", ncol=2, bbox_to_anchor=(0.5, -0.12), frameon=False)
    ax.set_xlim(-0.4, len(layers) - 0.6)
    ax.set_ylim(-tall / 2, tall / 2 + 0.6)
    ax.set_axis_off()


def _norm_axes(fig, d: dict, lang: str) -> None:
    import numpy as np
    from matplotlib.colors import ListedColormap

    shape = d["shape"]
    n, c, hw = shape["N"], shape["C"], shape["HW"]
    axes = fig.subplots(1, 4, sharey=True)
    cmap = ListedColormap(GROUP_COLORS)
    for ax, (method, info) in zip(axes, d["methods"].items(), strict=True):
        ids = np.array(info["ids"])  # (n, c, hw): rows are (n, s), columns c
        grid = ids.transpose(0, 2, 1).reshape(n * hw, c)
        ax.imshow(grid % len(GROUP_COLORS), cmap=cmap, vmin=0, vmax=len(GROUP_COLORS) - 1,
                  aspect="equal")  # fmt: skip
        for (row, col), g in np.ndenumerate(grid):
            ax.text(
                col,
                row,
                chr(ord("a") + int(g) % 26),
                ha="center",
                va="center",
                fontsize=8,
                in_layout=False,
            )
        for k in range(1, n):  # a line between samples
            ax.axhline(k * hw - 0.5, color="black", lw=2)
        ax.set_xticks(range(c), [str(j) for j in range(c)])
        ax.set_xlabel(_(lang, "channel c", "通道 c"))
        full, rule = NORM_METHODS[method]
        ax.set_title(f"{method.upper()} ({full})\n{textwrap.fill(rule(lang), 30)}\n"
                     + _(lang, f"{grid.max() + 1} groups", f"{grid.max() + 1} 组"), fontsize=8)  # fmt: skip
    axes[0].set_yticks(range(n * hw), [f"n{i} s{s}" for i in range(n) for s in range(hw)])
    axes[0].set_ylabel(_(lang, "sample n, position s in H×W", "样本 n，H×W 中的位置 s"))
    fig.supxlabel(
        _(lang, f"x has shape (N, C, H×W) = ({n}, {c}, {hw}); GN with {d['groups']} groups. "
          "Same letter = one mean and one variance.",
          f"x 的形状为 (N, C, H×W) = ({n}, {c}, {hw})；GN 分 {d['groups']} 组。"
          "同一字母 = 共用一个均值和一个方差。"),
        fontsize=8,
    )  # fmt: skip


_DRAW = {
    "solution-space": _solution_space,
    "penalized-loss": _penalized_loss,
    "priors": _priors,
    "dropout": _dropout,
    "norm-axes": _norm_axes,
}
# figure size in inches; margins (left, right, bottom, top, space between panels) as fractions
_LAYOUT = {
    "solution-space": ((10, 5.4), (0.06, 0.99, 0.1, 0.86, 0.08)),
    "penalized-loss": ((8, 5.2), (0.09, 0.98, 0.1, 0.82, None)),
    "priors": ((10, 4.4), (0.06, 0.99, 0.12, 0.86, 0.18)),
    "dropout": ((7.5, 5.2), (0.02, 0.98, 0.1, 0.86, None)),
    "norm-axes": ((10, 4.1), (0.1, 0.99, 0.16, 0.73, 0.08)),
}
