"""The character tables of ``quizzer.mathtext``: scripts, alphabets, symbols, operator classes.

pylatexenc's own table supplies every other symbol; these are the ones it lacks,
writes differently from how a terminal reader expects, or that the converter
has to treat specially (spacing, big operators, function names).
"""

from __future__ import annotations

SUB = dict(
    zip(
        "0123456789+−-=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)
SUP = dict(
    zip(
        "0123456789+−-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW⊤βγδθφχει",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵀᵝᵞᵟᶿᵠᵡᵋᶥ",
        strict=True,
    )
)
SCRIPT_CHARS = frozenset(SUB.values()) | frozenset(SUP.values())
BLACKBOARD = dict(zip("ECNPQRZ1", "𝔼ℂℕℙℚℝℤ𝟙", strict=True))
CALLIGRAPHIC = dict(zip("ABDEFHILMNOPRSTX", "𝒜ℬ𝒟ℰℱℋℐℒℳ𝒩𝒪𝒫ℛ𝒮𝒯𝒳", strict=True))
BOLD_DIGITS = dict(zip("0123456789", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗", strict=True))  # \mathbf{1}: the ones vector
# combining accents for one base character; a wider argument is written name(...)
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
           "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307",
           "ddot": "\u0308", "underline": "\u0332"}  # fmt: skip
SPANNING = {"overline", "underline"}  # these marks join up over several characters
SYMBOLS = {
    "epsilon": "ε", "varepsilon": "ε", "phi": "φ", "varphi": "φ", "|": "‖", "Vert": "‖", "lVert": "‖",
    "rVert": "‖", "vert": "|", "lvert": "|", "rvert": "|", "mid": "|", "{": "{", "}": "}", "top": "⊤",
    "intercal": "⊤", "ldots": "…", "dots": "…", "cdots": "⋯", "odot": "⊙", "leftarrow": "←",
    "gets": "←", "to": "→", "rightarrow": "→", "cdot": "·", "times": "×", "sim": "∼", "langle": "⟨",
    "rangle": "⟩", "prime": "′", "%": "%", "_": "_", "&": "&", "#": "#", "$": "$", "ne": "≠",
    "implies": "⇒", "impliedby": "⇐", "iff": "⇔", "bot": "⊥", "land": "∧", "lor": "∨", "neg": "¬",
    "lnot": "¬", "coloneqq": "≔", "nsim": "≁", "colon": ":", "backslash": "∖", "div": "÷",
}  # fmt: skip
# \not<x>: the negated relation where Unicode has one, else x with a combining slash
NEGATED = {"=": "≠", "∈": "∉", "<": "≮", ">": "≯", "≤": "≰", "≥": "≱", "∼": "≁", "≡": "≢",
           "⊂": "⊄", "⊆": "⊈", "|": "∤", "≈": "≉"}  # fmt: skip
SPACES = {",", ";", ":", " ", "enspace", "thinspace", "\\"}
WIDE_SPACES = {"quad", "qquad"}
SILENT = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
          "biggr", "displaystyle", "textstyle", "limits", "nolimits", "!", "middle"}  # fmt: skip
DELIMITER_SIZES = {"left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl",
                   "Bigr", "biggl", "biggr"}  # fmt: skip
BIG_OPS = {"sum": "∑", "prod": "∏", "int": "∫", "iint": "∬", "oint": "∮", "bigcup": "⋃",
           "bigcap": "⋂"}  # fmt: skip
NAMED_OPS = {"log", "ln", "exp", "max", "min", "sup", "inf", "arg", "argmax", "argmin", "sign", "sgn",
             "det", "tr", "Pr", "Var", "var", "Cov", "lim", "sin", "cos", "tan", "tanh", "diag", "softmax",
             "Re", "Im", "ker", "dim", "rank", "mod", "gcd"}  # fmt: skip
SPACED_OPS = {"limsup": "lim sup", "liminf": "lim inf"}
# words that take the next factor as their argument: Var[x] and log(x) are one factor, not four
FUNCTION_WORDS = NAMED_OPS | {"KL", "nan", "relu", "ReLU", "sigmoid", "erf", "Bernoulli", "Bern",
                              "std", "mean", "clip", "abs", "prox", "sinh", "cosh"}  # fmt: skip
FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}
BINOMIALS = {"binom", "dbinom", "tbinom"}
STACKED = {"overset": "^", "stackrel": "^", "underset": "_"}
BRACES = {"underbrace": "_", "overbrace": "^"}
UPRIGHT = {"mathrm", "mathit", "mathsf", "mathtt", "boldsymbol", "bm", "mathnormal"}
TEXT = {"text", "textrm", "textit", "textbf", "textsf", "texttt", "mbox", "emph", "textnormal"}
CASES = {"cases", "dcases", "rcases"}
MATRICES = {
    "pmatrix": "()",
    "bmatrix": "[]",
    "vmatrix": "||",
    "Vmatrix": "‖‖",
    "matrix": "",
    "array": "",
}

BINARY = set("+−=≠≤≥<>≈±∓×·⊙⊕⊗←→⇒⇐⇔↔↦⟶∈∉∼≁∝≡≢≃≅≜≔⊆⊂⊄⊈∘∗⋆≫≪≺≻≼≽≰≱≮≯⊥∥∪∩∧∨∖÷")
SIGNS = set("+−±∓")
OPENERS = set("([{⟨⌊⌈")
CLOSERS = {")": "(", "]": "[", "}": "{", "⟩": "⟨", "⌋": "⌊", "⌉": "⌈"}
BARS = "|‖"
ROOTS = "√∛∜"
# after a fraction, these make "a/b c" ambiguous: (a/b)·c or a/(b·c)?
PRODUCT_OPS = set("·×⊙⊗∗⋆/÷")
# take the next factor as their argument: ∂L, ∇L, 𝔼[x], ℙ(A)
PREFIXES = set("∂∇𝔼ℙ")
# marks the converter places in its text and removes at the end
OP_GAP = "\x00"  # after ∑, log, ...: a space unless "(" follows
CASE_MARK = "\x02"  # where a cases brace starts; later lines align under it
CASE_BRACE = "\x03"  # the brace itself while spacing runs (it is no bracket to balance)
SCRIPT_COMMA = "\x05"  # a comma inside a sub/superscript: no space after it
QUAD = "\x06"  # \quad: a wide gap the spacing pass keeps
