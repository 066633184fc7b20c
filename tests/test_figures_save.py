"""``quizzer figure NAME --save FILE``: real pictures (matplotlib) from the figures' data."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from quizzer import figure_math as F
from quizzer import plots
from quizzer.cli import app
from quizzer.figures import FIGURES

NAMES = list(FIGURES)
MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-"}


def _cli(*args, env=None):
    return CliRunner().invoke(app, ["figure", *args], env=env)


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
@pytest.mark.parametrize("name", NAMES)
def test_every_figure_saves_in_every_format(tmp_path, name, suffix):
    path, warnings = plots.save(name, tmp_path / f"{name}{suffix}", "en")
    assert warnings == []
    data = path.read_bytes()
    if suffix == ".svg":
        assert ET.fromstring(data).tag.endswith("svg")
    else:
        assert data.startswith(MAGIC[suffix])
    assert len(data) > 5000  # a picture, not an empty canvas


def _marker_at(ax, x: float, y: float, marker: str) -> bool:
    for line in ax.get_lines():
        xs, ys = line.get_xdata(), line.get_ydata()
        if line.get_marker() == marker and len(xs) == 1:
            if abs(xs[0] - x) < 1e-12 and abs(ys[0] - y) < 1e-12:
                return True
    return False


@pytest.mark.parametrize(("slope", "l1_min"), [(-0.8, 0.0), (-2.0, 1.0)])
def test_penalized_loss_marks_the_minima_where_the_math_puts_them(slope, l1_min):
    fig, _ = plots.render("penalized-loss", "en", slope=slope, lam=1.0)
    d = F.penalized_loss(slope=slope, lam=1.0)
    (ax,) = fig.axes
    assert d["minima"]["l1"]["w"] == l1_min
    for key, marker in (("loss", "o"), ("l2", "s"), ("l1", "D")):
        m = d["minima"][key]
        assert _marker_at(ax, m["w"], m["value"], marker), key
        lo, hi = ax.get_ylim()
        assert lo < m["value"] < hi and ax.get_xlim()[0] < m["w"] < ax.get_xlim()[1]
    assert ax.get_xlabel() == "w"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert (
        labels[0].startswith("L(w):")
        and f"w* = {F.penalized_loss(slope=slope)['w0']:.3g}" in labels[0]
    )
    assert any(label.endswith(f"w* = {l1_min:.3g}" if l1_min else "w* = 0") for label in labels)
    assert fig._suptitle.get_text() == FIGURES["penalized-loss"].title("en")


def test_solution_space_optima_sit_on_their_regions_with_equal_axes():
    fig, _ = plots.render("solution-space", "en")
    d = F.solution_space()
    assert len(fig.axes) == 2
    for ax, key in zip(fig.axes, ("l1", "l2"), strict=True):
        w = d[key]["optimum"]
        assert _marker_at(ax, w[0], w[1], "o")
        assert _marker_at(ax, *d["loss"]["center"], "x")
        assert ax.get_aspect() == 1.0
        assert (ax.get_xlabel(), ax.get_legend() is not None) == ("w₁", True)
    assert d["l1"]["optimum"] == (0.0, 1.0)  # the corner: sparse


def test_priors_peaks_are_marked_at_the_densities():
    fig, _ = plots.render("priors", "en", variance=2.0)
    d = F.priors(variance=2.0)
    ax = fig.axes[0]
    assert _marker_at(ax, 0.0, d["peak"]["laplace"], "D")
    assert _marker_at(ax, 0.0, d["peak"]["gaussian"], "o")
    assert ax.get_ylim()[1] > d["peak"]["laplace"]


def test_chinese_titles_need_a_cjk_font(monkeypatch):
    monkeypatch.setattr(plots, "cjk_font", lambda: None)
    fig, warnings = plots.render("priors", "zh")
    assert fig._suptitle.get_text() == FIGURES["priors"].title("en")
    assert len(warnings) == 1 and "CJK font" in warnings[0]
    monkeypatch.setattr(
        plots, "cjk_font", lambda: "DejaVu Sans"
    )  # pretend: the text is what counts
    fig, warnings = plots.render("priors", "zh")
    assert warnings == [] and fig._suptitle.get_text() == FIGURES["priors"].title("zh")
    assert fig.axes[0].get_ylabel() == "概率密度"


def test_cli_saves_png_and_warns_about_the_font(tmp_path, monkeypatch):
    monkeypatch.setattr(plots, "cjk_font", lambda: None)
    path = tmp_path / "norm.png"
    r = _cli("norm-axes", "--lang", "zh", "--save", str(path))
    assert r.exit_code == 0, r.stderr
    assert path.read_bytes().startswith(MAGIC[".png"])
    assert "CJK font" in r.stderr and f"wrote {path}" in r.stderr


def test_cli_without_matplotlib_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    r = _cli("priors", "--save", str(tmp_path / "p.png"))
    assert r.exit_code == 1
    assert "quizzer[plots]" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr and not (tmp_path / "p.png").exists()


def test_cli_rejects_other_extensions(tmp_path):
    r = _cli("priors", "--save", str(tmp_path / "p.jpg"))
    assert r.exit_code == 2 and ".svg, .png, .pdf" in r.stderr


def test_no_color_gives_every_curve_its_own_marker(monkeypatch):
    from quizzer.render import console
    from quizzer.render.canvas import MARKERS
    from quizzer.render.figures import figure_renderable

    def text(name: str) -> str:
        out = console(width=80, file=__import__("io").StringIO())
        out.print(figure_renderable(name, "en", 80))
        return out.file.getvalue()

    colored = text("penalized-loss")
    assert "━ L(w):" in colored
    monkeypatch.setenv("NO_COLOR", "1")
    plain = text("penalized-loss")
    lines = plain.splitlines()
    legend = next(line for line in lines if "L(w): w*" in line)
    for glyph, label in (("•", "L(w):"), ("+", "L(w)+Cw²:"), ("x", "L(w)+C|w|:")):
        assert f"{glyph} {label}" in legend
    plot = "\n".join(lines[2:20])
    assert all(plot.count(m) > 5 for m in "•+x")
    assert len(set(MARKERS.values())) == len(MARKERS)
    priors = text("priors")
    assert "• Gaussian" in priors and "* Laplace" in priors


def test_cached_png_is_drawn_once_and_keyed_on_the_language(monkeypatch, tmp_path):
    first = plots.cached_png("priors", "en")
    assert first.startswith(MAGIC[".png"])
    cached = list((tmp_path / "home" / "cache" / "figures").glob("priors-en-*.png"))
    assert len(cached) == 1 and cached[0].read_bytes() == first

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr(plots, "image", no_drawing)
    assert plots.cached_png("priors", "en") == first
    with pytest.raises(AssertionError, match="drawn again"):
        plots.cached_png("priors", "en", dpi=72)  # another resolution: another picture
