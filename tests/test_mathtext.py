"""LaTeX math to Unicode: the structure (and so the meaning) of each formula survives."""

from __future__ import annotations

import re

import pytest
import yaml

from quizzer import paths
from quizzer.mathmarkdown import markdown_math_to_text
from quizzer.mathtext import math_to_text

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
    (r"x_{\text{new}}", "x_new"),
    # Greek
    (r"\alpha\beta\gamma\delta\epsilon\varepsilon\eta\theta\lambda\mu\sigma\phi", "αβγδεεηθλμσφ"),
    (r"\Sigma \Gamma \Delta \Omega", "ΣΓΔΩ"),
]


# Each construct where a plain conversion reads as a different formula, with the exact text.
AMBIGUOUS = [
    # a denominator that is a product of factors, not one atom: γ/m√(…) would be (γ/m)·√(…)
    (r"\frac{\gamma}{m\sqrt{\hat\sigma^2+\epsilon}}", "γ/(m√(σ̂² + ε))"),
    (r"\frac{1}{\sqrt{2\pi}\sigma}", "1/(√(2π)σ)"),
    (r"\frac{a}{n\|w\|}", "a/(n‖w‖)"),
    (r"\frac{1}{n(n-1)}", "1/(n(n − 1))"),
    (r"\frac{a}{(b+c)(d+e)}", "a/((b + c)(d + e))"),
    (r"\frac{\partial^2 f}{\partial x \partial y}", "∂²f/(∂x∂y)"),
    (r"\frac{a}{\mu_B\sigma}", "a/(μ_(B)σ)"),
    # ... but one factor stays bare: a number, a symbol with scripts, f[x], a root, ∂w
    (r"\frac{1}{2.5}", "1/2.5"),
    (r"\frac{1}{\hat\sigma_B^2}", "1/σ̂_B²"),
    (r"\frac{1}{Var[x]}", "1/Var[x]"),
    (r"\frac{\gamma}{\sqrt{\hat\sigma^2+\epsilon}}", "γ/√(σ̂² + ε)"),
    # a numerator that is not one term
    (r"\frac{-b}{a}", "(−b)/a"),
    (r"\frac{\sum_i x_i}{n}", "(∑ᵢ xᵢ)/n"),
    # a fraction followed by a factor or a product operator
    (r"\frac{a}{b}c", "(a/b)c"),
    (r"\frac{a}{b}\, dx", "(a/b) dx"),
    (r"\frac{a}{b} \cdot c", "(a/b) · c"),
    (r"\frac{\partial y}{\partial x'} \odot m", "(∂y/∂x′) ⊙ m"),
    (r"\frac{a}{b}/c", "(a/b)/c"),
    (r"a / \frac{b}{c}", "a/(b/c)"),
    (r"\frac{a}{b}\frac{c}{d}", "(a/b)(c/d)"),
    (r"\frac{a}{b}^2", "(a/b)²"),
    # a minus before a fraction; a fraction between sums needs nothing
    (r"-\frac{a+b}{c}", "−(a + b)/c"),
    (r"x^2 - \frac{1}{2}", "x² − 1/2"),
    (r"-\frac{1}{n}\sum_i x_i", "−(1/n)∑ᵢ xᵢ"),
    # nested fractions
    (r"\frac{\frac{a}{b}}{c}", "(a/b)/c"),
    (r"\frac{a}{\frac{b}{c}}", "a/(b/c)"),
    (r"\frac{1}{1+\frac{1}{x}}", "1/(1 + 1/x)"),
    # roots: a factor after a root, a script on a root
    (r"\sqrt{2}x", "√(2)x"),
    (r"\sqrt{x}\sqrt{y}", "√(x)√y"),
    (r"\sqrt{x}^2", "(√x)²"),
    (r"\sqrt{x+1}^2", "(√(x + 1))²"),
    # superscripts of several characters
    (r"e^{-x^2}", "e^(−x²)"),
    (r"e^{-\frac{(x-\mu)^2}{2\sigma^2}}", "e^(−(x − μ)²/(2σ²))"),
    (r"e^{x_j}", "e^(xⱼ)"),
    (r"x^{ab}", "xᵃᵇ"),
    (r"x^q", "x^q"),
    # subscripts of several letters: a bare label, parenthesised where it could run on
    (r"\Omega_{L1}", "Ω_L1"),
    (r"\Omega_{L1}(w) = \lambda\|w\|_1", "Ω_L1(w) = λ‖w‖₁"),
    (r"\Omega_{L1}^2", "Ω_L1²"),
    (r"\Omega_{L1}^{x+y}", "Ω_L1ˣ⁺ʸ"),
    (r"\Omega_{L1}^{\dagger}", "Ω_(L1)^†"),
    (r"\mu_B x", "μ_(B)x"),
    (r"\sigma_{B}^2", "σ_B²"),
    # several Greek letters are a product, not a name: S_αρ would read as S_α · ρ
    (r"S_{\eta\alpha}(z)", "S_(ηα)(z)"),
    (r"S_{\alpha\rho}(x_j^T r_j / n)", "S_(αρ)(xⱼᵀrⱼ/n)"),
    (r"S_{\eta\alpha}", "S_(ηα)"),
    (r"\sigma_{\alpha\beta}^2", "σ_(αβ)²"),
    (r"x_{\alpha}", "x_α"),
    (r"x_{t\lambda}", "x_(tλ)"),
    (r"M_{n,t}", "M_(n,t)"),
    (r"\sum_{k \neq j} x_k", "∑_(k ≠ j) xₖ"),
    # relations
    (r"a \ne b", "a ≠ b"),
    (r"a \not= b", "a ≠ b"),
    (r"a \not\in B", "a ∉ B"),
    (r"p \implies q", "p ⇒ q"),
    (r"a \perp b", "a ⊥ b"),
    (r"x \pm y", "x ± y"),
    # accents: on the base symbol, before its scripts; over several symbols spelled out
    (r"\hat\sigma^2", "σ̂²"),
    (r"\hat{x_i}", "x̂ᵢ"),
    (r"\hat{xy}", "hat(xy)"),
    (r"\widetilde{xy}", "tilde(xy)"),
    (r"\bar{x}", "x̄"),
    (r"\bar{x}_B", "x̄_B"),
    (r"\bar{xy}", "x̅y̅"),
    (r"\tilde{w}", "w̃"),
    # fonts and operators
    (r"\mathbf{W}x", "Wx"),
    (r"\mathbf{1}^\top x", "𝟏ᵀx"),
    (r"\operatorname{sign}(w)", "sign(w)"),
    (r"\operatorname{sign} w", "sign w"),
    (r"\operatorname*{arg\,min}_w L(w)", "arg min_w L(w)"),
    (r"\max_j |x_j^T y|/n", "maxⱼ |xⱼᵀy|/n"),
    (r"\limsup_n a_n", "lim supₙ aₙ"),
    (r"\binom{n}{k}", "C(n, k)"),
    # delimiters and spacing
    (r"\left( a + b \right)^2", "(a + b)²"),
    (r"\left(\frac{a}{b}\right)", "(a/b)"),
    (r"\left. f \right|_{x=0}", "f|ₓ₌₀"),
    (r"a\,b", "a b"),
    (r"J(w) = L(w), \quad \lambda \ge 0", "J(w) = L(w),  λ ≥ 0"),
    (r"x \qquad y", "x  y"),
    # a command nobody knows stays visible instead of turning into letters
    (r"a \frobnicate b", "a \\frobnicate b"),
]


@pytest.mark.parametrize(("latex", "expected"), CASES + AMBIGUOUS)
def test_math_to_text(latex, expected):
    assert math_to_text(latex) == expected


def test_cases_become_aligned_lines():
    latex = r"\text{sign}(w) = \begin{cases} 1 & \text{if } w > 0 \\ 0 & \text{if } w = 0 \\ -1 & \text{if } w < 0 \end{cases}"
    assert math_to_text(latex).split("\n") == [
        "sign(w) = { 1, if w > 0",
        "          { 0, if w = 0",
        "          { −1, if w < 0",
    ]


def test_cases_comma_before_ampersand_is_not_doubled_and_quad_is_dropped():
    latex = r"f = \begin{cases} a, & \quad x > 0 \\ b, & \text{otherwise} \end{cases}"
    assert math_to_text(latex).split("\n") == ["f = { a, x > 0", "    { b, otherwise"]


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
    assert markdown_math_to_text(r"$x_{(a,b)} * y$") == r"x\_(a,b) ∗ y"
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
    # a subscript of several Greek letters is parenthesised: S_αρ reads as (S_α)·ρ
    assert not re.search(r"_[\u0370-\u03ff]{2,}", out), f"a Greek product subscript: {out!r}"


def test_the_coordinate_descent_update_reads_with_its_threshold_in_brackets():
    """Card 6's update: the soft threshold at αρ, not S_α times ρ."""
    latex = next(f for w, f in FORMULAS if "06-l1-drawbacks" in w and "S_{\\alpha\\rho}" in f)
    assert math_to_text(latex).startswith("wⱼ ← S_(αρ)(xⱼᵀrⱼ/n)/(")
