"""LaTeX math to Unicode: the structure (and so the meaning) of each formula survives."""

from __future__ import annotations

import re

import pytest
import yaml

from quizzer import paths
from quizzer.mathtext import markdown_math_to_text, math_to_text

CASES = [
    # fractions: multi-term numerators and denominators are parenthesised
    (r"\frac{x_i-\mu}{\sqrt{\sigma^2+\epsilon}}", "(xᵢ − μ)/√(σ² + ε)"),
    (r"\frac{1}{1-p}", "1/(1 − p)"),
    (r"\frac{a+b}{c}", "(a + b)/c"),
    (r"\frac{1}{2n}", "1/(2n)"),
    (r"\frac{\partial L}{\partial w}", "∂L/∂w"),
    (r"\frac{1}{2}\|w\|^2", "(1/2)‖w‖²"),
    (r"|\frac{\partial L}{\partial w_i}| \le \lambda", "|∂L/∂wᵢ| ≤ λ"),
    (r"\|\frac{a}{b}\|", "‖a/b‖"),
    (r"p \gg n", "p ≫ n"),
    (r"\exp(-\frac{w^2}{2\sigma^2})", "exp(−w²/(2σ²))"),
    (r"\dfrac{p}{1-p}", "p/(1 − p)"),
    # roots
    (r"\sqrt{x}", "√x"),
    (r"\sqrt{2x}", "√(2x)"),
    (r"\sqrt{\sigma_B^2 + \epsilon}", "√(σ_B² + ε)"),
    (r"\sqrt[3]{x}", "∛x"),
    # sums and big operators
    (r"\sum_{i=1}^{n} |w_i|", "∑ᵢ₌₁ⁿ |wᵢ|"),
    (r"\frac{1}{n}\sum_{i} x_i", "(1/n)∑ᵢ xᵢ"),
    (r"\lambda \sum_j w_j^2", "λ∑ⱼ wⱼ²"),
    # sub/superscripts: Unicode when every character has one, else _(...) / ^(...)
    (r"x^{(i)}", "x⁽ⁱ⁾"),
    (r"w_{t+1} = w_t - \eta g_t", "wₜ₊₁ = wₜ − ηgₜ"),
    (r"W^\top x", "Wᵀx"),
    (r"e^{-\lambda |w|}", "e^(−λ|w|)"),
    (r"\mu_B", "μ_B"),
    (r"x_{ij}", "xᵢⱼ"),
    (r"w^*", "w*"),
    (r"\sigma^{-1}", "σ⁻¹"),
    # norms and operators from the cards
    (r"\|w\|_1", "‖w‖₁"),
    (r"\lambda \|w\|_2^2", "λ‖w‖₂²"),
    (r"x \odot m", "x ⊙ m"),
    (r"w \leftarrow w - \eta \nabla L", "w ← w − η∇L"),
    (r"a \cdot b", "a · b"),
    (r"\mathbb{E}[x'_i] = x_i", "𝔼[x′ᵢ] = xᵢ"),
    (r"\hat{x}_i", "x̂ᵢ"),
    (r"y = \gamma \hat{x} + \beta", "y = γx̂ + β"),
    (r"\mathcal{N}(0, \sigma^2)", "𝒩(0, σ²)"),
    (r"\{0, \frac{1}{1-p}\}", "{0, 1/(1 − p)}"),
    (r"-x + (-y)", "−x + (−y)"),
    (r"\log(x) + \max_i a_i", "log(x) + maxᵢ aᵢ"),
    (r"\operatorname{sign}(w)", "sign(w)"),
    # text
    (r"\text{if } x > 0", "if x > 0"),
    (r"\mathrm{Var}(x)", "Var(x)"),
    (r"x_{\text{new}}", "x_(new)"),
    # Greek
    (r"\alpha\beta\gamma\delta\epsilon\varepsilon\eta\theta\lambda\mu\sigma\phi", "αβγδεεηθλμσφ"),
    (r"\Sigma \Gamma \Delta \Omega", "ΣΓΔΩ"),
]


@pytest.mark.parametrize(("latex", "expected"), CASES)
def test_math_to_text(latex, expected):
    assert math_to_text(latex) == expected


def test_cases_become_aligned_lines():
    latex = r"\text{sign}(w) = \begin{cases} 1 & \text{if } w > 0 \\ 0 & \text{if } w = 0 \\ -1 & \text{if } w < 0 \end{cases}"
    assert math_to_text(latex).split("\n") == [
        "sign(w) = { 1, if w > 0",
        "          { 0, if w = 0",
        "          { −1, if w < 0",
    ]


def test_cases_cells_with_their_own_commas():
    latex = r"m_i = \begin{cases} 0, & r_i < p \\ \frac{1}{1-p}, & r_i \ge p \end{cases}"
    assert math_to_text(latex).split("\n") == ["mᵢ = { 0, rᵢ < p", "     { 1/(1 − p), rᵢ ≥ p"]


def test_plain_conversion_would_change_the_formula():
    """The point of the module: pylatexenc's plain text output loses the grouping."""
    from pylatexenc.latex2text import LatexNodes2Text

    latex = r"\frac{x_i-\mu}{\sqrt{\sigma^2+\epsilon}}"
    plain = LatexNodes2Text(math_mode="text").latex_to_text(latex)
    assert "(xᵢ − μ)" not in plain
    assert math_to_text(latex) == "(xᵢ − μ)/√(σ² + ε)"


def test_markdown_inline_and_display_math():
    md = "Scale by $\\frac{1}{1-p}$, keep `$code$`.\n\n$$\\hat{x} = \\frac{x-\\mu}{\\sigma}$$\n\nDone.\n"
    out = markdown_math_to_text(md)
    assert out == "Scale by 1/(1 − p), keep `$code$`.\n\nx̂ = (x − μ)/σ\n\nDone.\n"


def test_markdown_escapes_what_markdown_would_eat():
    assert markdown_math_to_text(r"$x_{(a,b)} * y$") == r"x\_(a, b) ∗ y"
    assert markdown_math_to_text(r"costs \$5 and $a<b$") == r"costs \$5 and a \< b"


def test_markdown_display_cases_keep_their_lines():
    md = "$$f = \\begin{cases} a & x>0 \\\\ b & x \\le 0 \\end{cases}$$"
    lines = markdown_math_to_text(md).split("\n")
    assert lines == ["f = { a, x \\> 0\\", "\u00a0" * 4 + "{ b, x ≤ 0"]


# --- every formula in every bundled card ------------------------------------------------

_MATH = re.compile(r"(?<!\\)\$\$(.+?)\$\$|(?<![\\$])\$([^$\n]+?)(?<!\\)\$(?!\$)", re.S)


def _bundled_texts():
    for path in sorted(paths.cards_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))

        def walk(value, where):
            if isinstance(value, str):
                yield where, value
            elif isinstance(value, dict):
                for k, v in value.items():
                    yield from walk(v, f"{where}.{k}")
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    yield from walk(v, f"{where}[{i}]")

        yield from walk(data, path.name)


def _bundled_formulas():
    found = []
    for where, text in _bundled_texts():
        for match in _MATH.finditer(text):
            found.append((where, match.group(1) or match.group(2)))
    return found


FORMULAS = _bundled_formulas()


def test_the_bundled_cards_have_math():
    assert len(FORMULAS) > 50


@pytest.mark.parametrize(
    ("where", "latex"), FORMULAS, ids=[f"{w}:{i}" for i, (w, _) in enumerate(FORMULAS)]
)
def test_every_bundled_formula_converts_cleanly(where, latex):
    out = math_to_text(latex)
    assert out.strip(), "empty conversion"
    assert not re.search(r"\\[A-Za-z]", out), f"a LaTeX command survived: {out!r}"
    cases_rows = out.count("\n") + 1 if "{cases}" in latex else 0
    literal = latex.count(r"\{")
    assert out.count("{") == literal + cases_rows, f"a brace survived: {out!r}"
    assert out.count("}") == latex.count(r"\}"), f"a brace survived: {out!r}"
    assert "\x00" not in out and "\x02" not in out and "\x03" not in out
