"""plotext's canvas as Rich Text, and the colours, markers and legends of the terminal figures.

``Canvas`` wraps plotext's global figure: reset, sized to our width (not the
terminal's), curves, points, segments and labels in 256-colour codes; ``text()``
returns the plot as Rich Text. ``legend_text`` lays out the legend under a plot.
With ``NO_COLOR`` set, every colour gets its own marker, on the curve and in the
legend. plotext is imported only when a canvas is made.
"""

from __future__ import annotations

import os

from rich.cells import cell_len
from rich.text import Text

# 256-colour codes shared by plotext markers and the Rich legends under the plots
BLUE, ORANGE, GREEN, RED, YELLOW, GRAY, CYAN = 12, 208, 10, 9, 11, 8, 14
# NO_COLOR: the colour of a curve no longer tells it apart, so each colour gets a marker
MARKERS = {BLUE: "•", ORANGE: "+", GREEN: "x", RED: "*", YELLOW: "o", CYAN: "·"}


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def curve_glyph(color: int) -> str:
    """The legend's glyph for a curve of ``color``: a line, or its marker under NO_COLOR."""
    return MARKERS[color] if no_color() else "━"


def color_style(code: int) -> str:
    return f"color({code})"


def legend_text(items: list[tuple[str, int, str]], width: int = 0) -> Text:
    """Items side by side; a new line rather than one item split across two (given ``width``)."""
    out = Text()
    line = 0
    for i, (glyph, color, label) in enumerate(items):
        size = cell_len(f"{glyph} {label}")
        if i and width and line + 3 + size > width:
            out.append("\n")
            line = 0
        elif i:
            out.append("   ")
            line += 3
        out.append(glyph + " ", style=color_style(color))
        out.append(label)
        line += size
    return out


class Canvas:
    """plotext's global figure, reset and sized; ``text()`` returns the plot as Rich Text."""

    def __init__(self, width: int, height: int, cols: int = 1):
        import plotext

        self.plt = plotext
        self.fig = plotext.figure
        self.fig.clear()
        plotext.terminal.limit(False, False)  # our width, not the terminal's
        self.fig.theme("simple")
        if cols > 1:
            self.fig.subplots(1, cols)
        self.fig.plot_size(width, height)

    def panel(self, col: int):
        return self.fig.subplot(1, col)

    def curve(self, ax, xs, ys, color: int, marker: str = "braille") -> None:
        if marker == "braille" and no_color():
            marker = MARKERS[color]
        ax.draw(ax.signal(list(xs), list(ys), marker=self.plt.marker(marker, color)).lines())

    def points(self, ax, xs, ys, color: int, glyph: str) -> None:
        ax.draw(ax.signal(list(xs), list(ys), marker=self.plt.marker(glyph, color)))

    def segment(self, ax, x, y, color: int = GRAY, marker: str = "braille") -> None:
        ax.draw(ax.segment(tuple(x), tuple(y), marker=self.plt.marker(marker, color)))

    def label(self, ax, x: float, y: float, text: str, color: int) -> None:
        ax.draw(ax.text(x, y, self.plt.colorize(text, color), alignment="center"))

    def text(self) -> Text:
        return Text.from_ansi(self.fig.build().string().rstrip("\n"))
