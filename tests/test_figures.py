"""Figures: their data against brute force and the references, their drawing, the CLI."""

from __future__ import annotations

import io
import itertools
import json
import math
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from quizzer import figure_math as F
from quizzer.challenges import solution_path
from quizzer.figures import FIGURES, UnknownFigure, figure_data

NAMES = list(FIGURES)


def cell_len(line: str) -> int:
    """Terminal cells a line takes: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def reference_or_skip(challenge: str):
    if not solution_path(challenge).exists():
        pytest.skip(f"reference for {challenge} not written yet")
    from quizzer.challenges import reference

    return reference(challenge)


# --- penalized-loss -----------------------------------------------------------------------

CASES = [
    (lam, slope, a)
    for lam, slope, a in itertools.product(
        (0.0, 0.3, 1.0, 2.5), (-3.0, -1.0, -0.8, -0.3, 0.0, 0.3, 1.0, 2.5, 3.0), (0.5, 1.0, 3.0)
    )
]


@pytest.mark.parametrize(("lam", "slope", "a"), CASES)
def test_l1_minimum_is_exactly_zero_iff_slope_within_lam(lam, slope, a):
    d = F.penalized_loss(lam=lam, slope=slope, curvature=a)
    w_l1 = d["minima"]["l1"]["w"]
    assert d["sparse"] == (abs(slope) <= lam)
    if abs(slope) <= lam:
        assert w_l1 == 0.0
    else:
        assert w_l1 != 0.0 and np.sign(w_l1) == -np.sign(slope)


@pytest.mark.parametrize(("lam", "slope", "a"), CASES)
def test_minima_match_brute_force_grid(lam, slope, a):
    d = F.penalized_loss(lam=lam, slope=slope, curvature=a)
    w0 = d["w0"]
    step = 1e-4
    w = step * np.arange(-60000, 60001)  # [-6, 6], with 0.0 exactly on the grid
    loss = 0.5 * a * (w - w0) ** 2
    l1 = w[np.argmin(loss + lam * np.abs(w))]
    l2 = w[np.argmin(loss + lam * w**2)]
    assert d["minima"]["l1"]["w"] == pytest.approx(l1, abs=step)
    assert d["minima"]["l2"]["w"] == pytest.approx(l2, abs=step)
    assert d["minima"]["loss"]["w"] == pytest.approx(w[np.argmin(loss)], abs=step)
    if abs(slope) <= lam:
        assert l1 == 0.0  # brute force agrees the minimum sits exactly on 0
    if slope != 0.0:
        assert d["minima"]["l2"]["w"] != 0.0  # ridge only shrinks


def test_boundary_slope_equal_lam_is_sparse_even_with_awkward_curvature():
    for a in (3.0, 7.0, 0.1, 1 / 3):
        for C in (0.1, 0.7, 1.3):
            assert F.penalized_loss(lam=C, slope=-C, curvature=a)["minima"]["l1"]["w"] == 0.0
            assert F.penalized_loss(lam=C, slope=C, curvature=a)["minima"]["l1"]["w"] == 0.0


def test_one_sided_slopes_bracket_zero_exactly_when_sparse():
    for slope in (-1.5, -1.0, -0.5, 0.5, 1.5):
        d = F.penalized_loss(lam=1.0, slope=slope)
        left, right = d["l1_slopes_at_0"]["left"], d["l1_slopes_at_0"]["right"]
        assert (left <= 0 <= right) == d["sparse"]


def test_curves_hold_the_minima_and_the_formulas():
    d = F.penalized_loss(lam=0.7, slope=-1.9, curvature=2.0)
    for key in ("loss", "l1", "l2"):
        m = d["minima"][key]
        i = d["w"].index(m["w"])
        assert d["curves"][key][i] == pytest.approx(m["value"])
        assert min(d["curves"][key]) == pytest.approx(m["value"])
    assert d["minima"]["l2"]["w"] == pytest.approx(2.0 * d["w0"] / (2.0 + 2 * 0.7))


def test_soft_threshold_matches_the_reference():
    ref = reference_or_skip("l1-sparsity")
    for w, t in itertools.product((-2.0, -0.5, 0.0, 0.3, 1.0, 4.0), (0.0, 0.3, 1.0)):
        assert F.soft_threshold(w, t) == pytest.approx(
            float(ref.soft_threshold(np.array([w]), t)[0])
        )


@pytest.mark.parametrize(
    "bad", [{"lam": -1}, {"curvature": 0}, {"slope": math.nan}, {"lam": math.inf}]
)
def test_penalized_loss_rejects_bad_parameters(bad):
    with pytest.raises(ValueError):
        F.penalized_loss(**bad)


# --- priors -------------------------------------------------------------------------------


@pytest.mark.parametrize("variance", [0.25, 1.0, 4.0])
def test_laplace_peaks_higher_than_gaussian_of_same_variance(variance):
    d = F.priors(variance=variance)
    assert d["peak"]["laplace"] > d["peak"]["gaussian"]
    assert d["peak"]["laplace"] / d["peak"]["gaussian"] == pytest.approx(math.sqrt(math.pi))
    i = d["w"].index(0.0)
    assert max(d["density"]["laplace"]) == d["density"]["laplace"][i] == d["peak"]["laplace"]


@pytest.mark.parametrize("variance", [0.25, 1.0, 4.0])
def test_both_densities_have_the_stated_variance(variance):
    w = np.linspace(-40 * math.sqrt(variance), 40 * math.sqrt(variance), 400001)
    for pdf in (F.gaussian_pdf, F.laplace_pdf):
        p = np.array([pdf(x, variance) for x in w[::10]])
        x = w[::10]
        dx = np.diff(x)
        assert ((p[1:] + p[:-1]) / 2 * dx).sum() == pytest.approx(1.0, abs=1e-4)
        second = p * x**2
        assert ((second[1:] + second[:-1]) / 2 * dx).sum() == pytest.approx(variance, rel=1e-3)


def test_laplace_has_a_kink_at_zero_and_gaussian_does_not():
    d, h = F.priors(), 1e-6
    v, b = d["variance"], d["laplace_b"]
    for name, pdf in (("gaussian", F.gaussian_pdf), ("laplace", F.laplace_pdf)):
        left = (pdf(0.0, v) - pdf(-h, v)) / h
        right = (pdf(h, v) - pdf(0.0, v)) / h
        assert left == pytest.approx(d["slopes_at_0"][name]["left"], abs=1e-5)
        assert right == pytest.approx(d["slopes_at_0"][name]["right"], abs=1e-5)
    assert d["slopes_at_0"]["laplace"]["left"] == pytest.approx(d["peak"]["laplace"] / b)


def test_penalties_are_negative_log_priors():
    d = F.priors(variance=2.0)
    for name, pdf in (("gaussian", F.gaussian_pdf), ("laplace", F.laplace_pdf)):
        for w, pen in zip(d["w"][::20], d["penalty"][name][::20], strict=True):
            assert pen == pytest.approx(-math.log(pdf(w, 2.0)) + math.log(pdf(0.0, 2.0)), abs=1e-12)


# --- solution-space -----------------------------------------------------------------------


def _boundary_brute_force(kind: str, t: float, n: int = 200_000):
    A, c = np.array(F.example_matrix()), np.array(F.EXAMPLE_CENTER)
    th = np.linspace(0, 2 * np.pi, n, endpoint=False)
    if kind == "l2":
        W = t * np.stack([np.cos(th), np.sin(th)], axis=1)
    else:  # the diamond |w1| + |w2| = t, vertices included
        u = np.stack([np.cos(th), np.sin(th)], axis=1)
        W = t * u / np.abs(u).sum(axis=1, keepdims=True)
        W = np.vstack([W, [[t, 0], [0, t], [-t, 0], [0, -t]]])
    D = W - c
    q = np.einsum("ij,jk,ik->i", D, A, D)
    return W[np.argmin(q)], q.min()


@pytest.mark.parametrize("radius", [0.5, 1.0, 1.5])
def test_constrained_optima_match_brute_force_on_the_boundary(radius):
    d = F.solution_space(radius=radius)
    for kind in ("l1", "l2"):
        w_bf, q_bf = _boundary_brute_force(kind, radius)
        assert d[kind]["loss"] <= q_bf + 1e-9
        assert d[kind]["optimum"] == pytest.approx(tuple(w_bf), abs=2e-3)


def test_example_l1_optimum_is_on_an_axis_and_l2_is_not():
    d = F.solution_space()
    w1, w2 = d["l1"]["optimum"], d["l2"]["optimum"]
    assert d["l1"]["sparse"] and 0.0 in w1
    assert abs(w1[0]) + abs(w1[1]) == pytest.approx(1.0)
    assert not d["l2"]["sparse"] and min(abs(w2[0]), abs(w2[1])) > 0.3
    assert math.hypot(*w2) == pytest.approx(1.0)
    # the drawn contour through each optimum is the level set of the loss at that optimum
    A, c = F.example_matrix(), F.EXAMPLE_CENTER
    for kind in ("l1", "l2"):
        for p in d[kind]["contour"][::17]:
            assert F.quadratic(A, c, p) == pytest.approx(d[kind]["loss"])


def test_unconstrained_minimum_inside_the_ball_is_returned():
    d = F.solution_space(radius=5.0)
    assert d["l1"]["optimum"] == d["l2"]["optimum"] == F.EXAMPLE_CENTER


# --- dropout ------------------------------------------------------------------------------


@pytest.mark.parametrize(("p", "seed"), [(0.5, 4), (0.3, 0), (0.8, 11)])
def test_dropout_masks_are_the_references_masks_for_the_same_seed(p, seed):
    ref = reference_or_skip("dropout")
    d = F.dropout_network(p=p, seed=seed)
    rng = np.random.default_rng(seed)
    for n, mask in zip(d["layers"][:-1], d["masks"][:-1], strict=True):
        _, ref_mask = ref.dropout_forward(np.ones(n), p, rng)
        assert mask == pytest.approx(ref_mask.tolist())
    assert set(itertools.chain(*d["masks"][:-1])) <= {0.0, 1 / (1 - p)}
    assert d["masks"][-1] == [1.0] * d["layers"][-1]


def test_dropout_counts_and_edge_cases():
    d = F.dropout_network(p=0.5, seed=4)
    assert d["kept"] == [sum(m > 0 for m in mask) for mask in d["masks"]]
    live = sum(
        (a > 0) * (b > 0)
        for la, lb in zip(d["masks"], d["masks"][1:], strict=False)
        for a in la
        for b in lb
    )
    assert d["edges"] == {"total": 4 * 5 + 5 * 5 + 5 * 2, "live": live}
    assert all(v == 1.0 for m in F.dropout_network(p=0.0)["masks"] for v in m)
    gone = F.dropout_network(p=1.0)
    assert gone["scale"] is None and all(v == 0.0 for m in gone["masks"][:-1] for v in m)
    with pytest.raises(ValueError, match="drop probability"):
        F.dropout_network(p=1.5)


# --- norm-axes ----------------------------------------------------------------------------

SHAPE = (2, 6, 3)


def _normalisers():
    """Each method as the reference computes it on an (N, C, HW) tensor."""
    bn = reference_or_skip("batchnorm")
    out = {"bn": lambda x: bn.batchnorm_forward(x, np.ones(x.shape[1]), np.zeros(x.shape[1]))[0]}
    if solution_path("bn-vs-ln").exists():
        ln = reference_or_skip("bn-vs-ln")
        # LN of a conv feature map normalises each sample over (C, H*W): flatten, then last axis
        out["ln"] = lambda x: ln.layer_norm(
            x.reshape(len(x), -1), np.ones(x[0].size), np.zeros(x[0].size)
        ).reshape(x.shape)
        out["in"] = lambda x: ln.instance_norm(x)
        out["gn"] = lambda x: ln.group_norm(x, 2, np.ones(x.shape[1]), np.zeros(x.shape[1]))
    return out


def _reference_partition(normalise, x):
    """For each element, the elements whose output moves when it moves: who shares its statistics."""
    base = normalise(x)
    groups = set()
    for idx in np.ndindex(x.shape):
        y = x.copy()
        y[idx] += 0.5
        moved = np.abs(normalise(y) - base) > 1e-9
        groups.add(frozenset(zip(*np.nonzero(moved), strict=True)))
    return groups


def _figure_partition(ids):
    ids = np.array(ids)
    return {
        frozenset(tuple(int(i) for i in e) for e in zip(*np.nonzero(ids == g), strict=True))
        for g in np.unique(ids)
    }


@pytest.mark.parametrize("method", list(F.NORM_METHODS))
def test_norm_groups_are_the_references_statistics_groups(method):
    normalisers = _normalisers()
    if method not in normalisers:
        pytest.skip("reference for bn-vs-ln not written yet")
    x = np.random.default_rng(0).normal(size=SHAPE) * 3 + 1
    ids = F.norm_groups(method, *SHAPE, groups=2)
    assert _figure_partition(ids) == _reference_partition(normalisers[method], x)
    out, ids = normalisers[method](x), np.array(ids)
    for g in np.unique(ids):  # zero mean, unit (biased) variance exactly on each drawn group
        assert out[ids == g].mean() == pytest.approx(0.0, abs=1e-9)
        assert out[ids == g].var() == pytest.approx(1.0, abs=1e-3)


def test_group_norm_spans_layer_norm_to_instance_norm():
    n, c, hw = SHAPE
    assert F.norm_groups("gn", n, c, hw, groups=1) == F.norm_groups("ln", n, c, hw)
    assert F.norm_groups("gn", n, c, hw, groups=c) == F.norm_groups("in", n, c, hw)
    with pytest.raises(ValueError, match="divisible"):
        F.norm_groups("gn", n, c, hw, groups=4)


# --- cards and names ----------------------------------------------------------------------


def test_every_card_figure_is_a_known_figure():
    import yaml

    from quizzer.paths import cards_dir

    for path in sorted(cards_dir().glob("*.yaml")):
        figure = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("figure")
        assert figure is None or figure in FIGURES, f"{path.name}: unknown figure {figure!r}"


def test_figure_data_rejects_unknown_names_and_parameters():
    with pytest.raises(UnknownFigure, match="solution-space"):
        figure_data("nope")
    with pytest.raises(ValueError, match="takes no lam"):
        figure_data("priors", lam=1.0)
    json.dumps([figure_data(n) for n in NAMES])  # every figure's data is JSON


# --- rendering ----------------------------------------------------------------------------


def _render(name: str, lang: str, width: int, **params) -> str:
    from quizzer.render import console
    from quizzer.render.figures import figure_renderable

    buf = io.StringIO()
    console(file=buf, width=width).print(figure_renderable(name, lang, width, **params))
    return buf.getvalue()


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", NAMES)
def test_every_figure_renders_within_the_width(name, lang, width):
    text = _render(name, lang, width)
    lines = text.splitlines()
    assert len(lines) > 10
    assert max(cell_len(line) for line in lines) <= width
    assert FIGURES[name].title(lang) in text.replace("\n", "")


@pytest.mark.parametrize("width", [40, 50, 60])
def test_chinese_captions_fill_their_lines_and_legend_items_stay_whole(width):
    """Captions wrap between characters (Rich alone breaks only at spaces), legends between items."""
    for name in NAMES:
        lines = _render(name, "zh", width).splitlines()
        assert max(cell_len(line) for line in lines) <= width
        assert not any(line.startswith(tuple("，。：；）")) for line in lines), name
    priors = _render("priors", "zh", width).splitlines()
    assert any("━ 拉普拉斯 b = σ/√2 = 0.707 → L1" in line for line in priors), priors
    space = _render("solution-space", "zh", width).splitlines()
    assert any(line.strip().startswith("× ") or "   × " in line for line in space), space
    # the caption's first line is full, not cut at the last space
    caption = next(line for line in space if line.startswith("菱形"))
    assert cell_len(caption) >= width - 2, caption


def test_norm_axes_numbers_the_channels_over_their_columns():
    lines = _render("norm-axes", "en", 80).splitlines()
    header = next(line for line in lines if line.lstrip().startswith("c "))
    row = next(line for line in lines if line.startswith("n0 s0 "))
    assert header.index("0") == row.index("a") and header.index("5") == row.index("f")


def test_penalized_loss_drawing_states_the_jump():
    assert "exactly w = 0" in _render("penalized-loss", "en", 80, slope=-0.9, lam=1.0)
    off = _render("penalized-loss", "en", 80, slope=-2.0, lam=1.0)
    assert "stays off 0" in off and "L(w)+C|w|: w* = 1" in off
    assert "恰好在 w = 0" in _render("penalized-loss", "zh", 80, slope=0.5, lam=1.0)


def test_norm_axes_drawing_shows_group_counts():
    text = _render("norm-axes", "en", 80)
    for count in ("6 groups", "2 groups", "12 groups", "4 groups"):
        assert count in text


def test_figure_modules_do_not_import_plotext_or_numpy():
    code = (
        "import sys, quizzer.commands.figures, quizzer.render.figures, quizzer.figures; "
        "print(sorted(m for m in ('plotext', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- CLI ----------------------------------------------------------------------------------


@pytest.fixture
def cli():
    from quizzer.commands import figures

    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a group, as in the real app with its other commands
        pass

    figures.register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["figure", *args])


def test_cli_unknown_figure_is_a_clear_error(cli):
    r = cli("nope")
    assert r.exit_code == 2
    assert "no figure 'nope'" in r.stderr and "penalized-loss" in r.stderr
    assert r.stdout == ""
    assert "Traceback" not in r.stderr


def test_cli_list(cli):
    r = cli("--list")
    assert r.exit_code == 0
    for name in NAMES:
        assert name in r.stdout
    rows = json.loads(cli("--list", "--json").stdout)
    assert [row["name"] for row in rows] == NAMES


def test_cli_json_shows_the_jump_to_zero(cli):
    sparse = json.loads(cli("penalized-loss", "--json", "--slope", "-0.9", "--lam", "1").stdout)
    assert sparse["minima"]["l1"]["w"] == 0.0 and sparse["sparse"] is True
    off = json.loads(cli("penalized-loss", "--json", "--slope", "-2", "--lam", "1").stdout)
    assert off["minima"]["l1"]["w"] == 1.0 and off["sparse"] is False
    assert json.loads(cli("norm-axes", "--json", "--groups", "3").stdout)["groups"] == 3


def test_cli_draws_in_both_languages(cli):
    r = cli("norm-axes", "--lang", "zh", "--width", "80")
    assert r.exit_code == 0 and "同一字母" in r.stdout.replace("\n", "")
    assert max(cell_len(line) for line in r.stdout.splitlines()) <= 80
    r = cli("dropout", "--p", "0.3", "--seed", "7")
    assert r.exit_code == 0 and "p = 0.3, random seed 7" in r.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("priors", "--lam", "1"), "--lam applies to the penalized-loss figure"),
        (("dropout", "--p", "2"), "must be in [0, 1]"),
        (("penalized-loss", "--curvature", "0"), "curvature"),
        (("norm-axes", "--groups", "4"), "divisible"),
        ((), "give a figure name"),
        (("priors", "--save", "out.jpg"), ".svg, .png, .pdf"),
        (("priors", "--save", "/nonexistent-dir/x.svg"), "cannot write"),
    ],
)
def test_cli_bad_input(cli, args, message):
    r = cli(*args)
    assert r.exit_code == 2
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_cli_save_writes_svg(cli, tmp_path):
    path = tmp_path / "loss.svg"
    r = cli("penalized-loss", "--save", str(path), "--slope", "-0.5")
    assert r.exit_code == 0, r.stderr
    assert "wrote" in r.stderr
    assert ET.parse(path).getroot().tag.endswith("svg")


def test_solution_space_verdict_follows_the_data():
    assert "exactly 0" in _render("solution-space", "en", 80)
    assert "on an edge" in _render("solution-space", "en", 80, radius=2.0)
    assert "not active" in _render("solution-space", "en", 80, radius=5.0)


def test_cli_width_wider_than_the_terminal_is_honoured(cli):
    r = cli("priors", "--width", "100")
    widths = [cell_len(line) for line in r.stdout.splitlines()]
    assert r.exit_code == 0 and max(widths) == 100
    assert cli("priors", "--width", "30").exit_code == 2  # below the 40-column minimum
