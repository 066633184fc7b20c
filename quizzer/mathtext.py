"""LaTeX math to readable Unicode for the terminal, keeping the formula's meaning.

Built on pylatexenc's LatexWalker: it parses the LaTeX into a node tree and
this module walks that tree. What pylatexenc's own ``latex2text`` loses is
structure, so this module adds it: fractions get parentheses around multi-term
numerators and denominators (``(xᵢ − μ)/√(σ² + ε)``, not ``xᵢ−μ/√σ²+ε``),
square roots around multi-term radicands, sub/superscripts become Unicode
when every character has a Unicode form (else ``_(...)`` / ``^(...)``), and
``cases`` becomes one line per case. Symbols come from pylatexenc's table.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc import latex2text, latexwalker, macrospec

__all__ = ["markdown_math_to_text", "math_to_text"]

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
BLACKBOARD = dict(zip("ECNPQRZ1", "𝔼ℂℕℙℚℝℤ𝟙", strict=True))
CALLIGRAPHIC = dict(zip("ABDEFHILMNOPRSTX", "𝒜ℬ𝒟ℰℱℋℐℒℳ𝒩𝒪𝒫ℛ𝒮𝒯𝒳", strict=True))
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304", "tilde": "\u0303",
           "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308"}  # fmt: skip
SYMBOLS = {
    "epsilon": "ε", "varepsilon": "ε", "phi": "φ", "varphi": "φ", "|": "‖", "Vert": "‖", "lVert": "‖",
    "rVert": "‖", "vert": "|", "lvert": "|", "rvert": "|", "mid": "|", "{": "{", "}": "}", "top": "⊤",
    "intercal": "⊤", "ldots": "…", "dots": "…", "cdots": "⋯", "odot": "⊙", "leftarrow": "←",
    "gets": "←", "to": "→", "rightarrow": "→", "cdot": "·", "times": "×", "sim": "∼", "langle": "⟨",
    "rangle": "⟩", "prime": "′", "%": "%", "_": "_", "&": "&", "#": "#", "$": "$",
}  # fmt: skip
SPACES = {",", ";", ":", " ", "quad", "qquad", "enspace", "thinspace", "\\"}
SILENT = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
          "biggr", "displaystyle", "textstyle", "limits", "nolimits", "!", "middle"}  # fmt: skip
BIG_OPS = {"sum": "∑", "prod": "∏", "int": "∫", "oint": "∮", "bigcup": "⋃", "bigcap": "⋂"}
NAMED_OPS = {"log", "ln", "exp", "max", "min", "sup", "inf", "arg", "argmax", "argmin", "sign", "sgn",
             "det", "tr", "Pr", "Var", "var", "Cov", "lim", "sin", "cos", "tan", "tanh", "diag", "softmax"}  # fmt: skip
FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}
UPRIGHT = {"mathrm", "mathbf", "mathit", "mathsf", "mathtt", "boldsymbol", "bm", "mathnormal"}
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

BINARY = set("+−=≠≤≥<>≈±×·⊙←→⇒⇔∈∉∼∝≡⊆⊂∘∗≫≪")
SIGNS = set("+−±")
OPENERS = set("([{⟨")
CLOSERS = {")": "(", "]": "[", "}": "{", "⟩": "⟨"}
OP_GAP = "\x00"  # after ∑, log, ...: a space unless "(" follows
CASE_MARK = "\x02"  # where a cases brace starts; later lines align under it
CASE_BRACE = "\x03"  # the brace itself while spacing runs (it is no bracket to balance)

# unary-sign context: a sign right after one of these (or at the start) has no space after it
_AFTER_UNARY = BINARY | OPENERS | set(",;:") | {"", "\n", CASE_MARK, CASE_BRACE}


@lru_cache(maxsize=1)
def _context() -> macrospec.LatexContextDb:
    db = latexwalker.get_default_latex_context_db()
    extra = [macrospec.MacroSpec(name, "{{") for name in ("dfrac", "tfrac", "cfrac")]
    extra += [macrospec.MacroSpec(name, "{") for name in ("operatorname", "boldsymbol", "bm", "mathnormal",
                                                          "widehat", "widetilde", "textnormal")]  # fmt: skip
    db.add_context_category("quizzer-math", macros=extra, prepend=True)
    return db


@lru_cache(maxsize=1)
def _symbols() -> latex2text.LatexContextDb:
    return latex2text.get_default_latex_context_db()


def math_to_text(latex: str) -> str:
    """One LaTeX formula (without the ``$``) as Unicode text; cases become several lines."""
    walker = latexwalker.LatexWalker(latex, latex_context=_context(), tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    return _finish(_convert(nodes))


def _finish(text: str) -> str:
    """Drop the cases marks, aligning each case line under the first one's brace."""
    out, indent = [], 0
    for line in text.split("\n"):
        if CASE_MARK in line:
            col = line.index(CASE_MARK)
            if col == 0:
                line = " " * indent + line
            else:
                indent = col
            line = line.replace(CASE_MARK, "").replace(CASE_BRACE, "{")
        out.append(line.rstrip())
    return "\n".join(out).strip("\n")


# --- the walk --------------------------------------------------------------------


def _convert(nodes, *, text_mode: bool = False) -> str:
    """A node list as normalised text."""
    atoms: list[tuple[str, str]] = []  # (kind, text); kinds: "chr", "atom", "frac", "op", "block"
    for node in nodes or ():
        if node is None:
            continue
        atoms.extend(_atoms(node, text_mode))
    if text_mode:
        return re.sub(r"[ \t]+", " ", "".join(text for _, text in atoms))
    return _normalise(_join(_scripts(atoms)))


def _atoms(node, text_mode: bool) -> list[tuple[str, str]]:
    if node.isNodeType(latexwalker.LatexCharsNode):
        if text_mode:
            return [("chr", node.chars)]
        chars = node.chars.replace("-", "−").replace("'", "′").replace("*", "∗")
        return [("chr", c) for c in chars if not c.isspace()]
    if node.isNodeType(latexwalker.LatexGroupNode):
        return [("atom", _convert(node.nodelist, text_mode=text_mode))]
    if node.isNodeType(latexwalker.LatexMathNode):
        return [("atom", _convert(node.nodelist))]
    if node.isNodeType(latexwalker.LatexCommentNode):
        return []
    if node.isNodeType(latexwalker.LatexSpecialsNode):
        chars = node.specials_chars
        return [("atom", {"~": " ", "&": " ", "''": "″"}.get(chars, chars))]
    if node.isNodeType(latexwalker.LatexEnvironmentNode):
        return [_environment(node)]
    if node.isNodeType(latexwalker.LatexMacroNode):
        return _macro(node, text_mode)
    return []


def _args(node) -> list:
    return list(node.nodeargd.argnlist) if node.nodeargd and node.nodeargd.argnlist else []


def _arg_text(arg, *, text_mode: bool = False) -> str:
    if arg is None:
        return ""
    if arg.isNodeType(latexwalker.LatexGroupNode):
        return _convert(arg.nodelist, text_mode=text_mode)
    return _convert([arg], text_mode=text_mode)


def _macro(node, text_mode: bool) -> list[tuple[str, str]]:
    name = node.macroname
    args = _args(node)
    if name in FRACTIONS and len(args) >= 2:
        num, den = _arg_text(args[-2]), _arg_text(args[-1])
        return [("frac", f"{_wrap(num, strict=False)}/{_wrap(den, strict=True)}")]
    if name == "sqrt" and args:
        radicand = _arg_text(args[-1])
        index = _arg_text(args[0]) if len(args) > 1 else ""
        root = {"": "√", "2": "√", "3": "∛", "4": "∜"}.get(index) or _to_script(
            index, SUP, "^"
        ) + "√"
        return [("atom", root + _wrap(radicand, strict=True))]
    if name in TEXT and args:
        return [("atom", _arg_text(args[-1], text_mode=True))]
    if name in UPRIGHT and args:
        return [("atom", _arg_text(args[-1]))]
    if name == "operatorname" and args:
        return [("op", _arg_text(args[-1]))]
    if name in ("mathbb", "mathcal", "mathscr", "mathfrak") and args:
        table = BLACKBOARD if name == "mathbb" else CALLIGRAPHIC
        return [("atom", "".join(table.get(c, c) for c in _arg_text(args[-1])))]
    if name in ACCENTS and args:
        inner = _arg_text(args[-1])
        return [("atom", "".join(c + ACCENTS[name] if c.isalnum() else c for c in inner))]
    if name in SILENT:
        return []
    if name in SPACES:
        return [("atom", " ")]
    if name in BIG_OPS:
        return [("op", BIG_OPS[name])]
    if name in NAMED_OPS:
        return [("op", name)]
    if name in SYMBOLS:
        return [("atom", SYMBOLS[name])]
    spec = _symbols().get_macro_spec(name)
    repl = getattr(spec, "simplify_repl", None)
    if isinstance(repl, str) and "%" not in repl and not args:
        return [("atom", repl)]
    if args:  # a macro we do not know: keep what it was applied to
        return [("atom", "".join(_arg_text(a, text_mode=text_mode) for a in args if a is not None))]
    return [("atom", name)]


def _environment(node) -> tuple[str, str]:
    name = node.environmentname.rstrip("*")
    rows: list[list[str]] = [[]]
    cell: list = []
    for child in node.nodelist:
        if child is None:
            continue
        if child.isNodeType(latexwalker.LatexSpecialsNode) and child.specials_chars == "&":
            rows[-1].append(_convert(cell))
            cell = []
        elif child.isNodeType(latexwalker.LatexMacroNode) and child.macroname == "\\":
            rows[-1].append(_convert(cell))
            rows.append([])
            cell = []
        else:
            cell.append(child)
    rows[-1].append(_convert(cell))
    rows = [row for row in rows if any(c.strip() for c in row)]
    if name in CASES:
        cells = [[c.strip().rstrip(",").strip() for c in row] for row in rows]
        lines = [CASE_MARK + CASE_BRACE + " " + ", ".join(c for c in row if c) for row in cells]
    elif name in MATRICES:
        left, right = (MATRICES[name] + "  ")[:2] if MATRICES[name] else ("", "")
        lines = [f"{left}{'  '.join(row)}{right}".strip() for row in rows]
    else:  # align, aligned, gather, split, equation: the rows, cells side by side
        lines = [" ".join(c for c in row if c) for row in rows]
    return ("block", "\n".join(lines))


# --- structure: scripts, fractions, spacing ------------------------------------------


def _to_script(text: str, table: dict[str, str], mark: str) -> str:
    compact = text.replace(" ", "")
    if compact in ("′", "″", "∗", "*"):
        return compact.replace("∗", "*")
    if compact and all(c in table for c in compact):
        return "".join(table[c] for c in compact)
    if len(compact) == 1 or _bracketed(compact):
        return mark + compact
    return f"{mark}({compact})"


def _scripts(atoms: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Attach ``_x`` / ``^x`` to the atom before them."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(atoms):
        kind, text = atoms[i]
        if kind == "chr" and text in "_^" and i + 1 < len(atoms):
            table, mark = (SUB, "_") if text == "_" else (SUP, "^")
            script = _to_script(atoms[i + 1][1], table, mark)
            if out:
                prev_kind, prev = out[-1]
                if prev_kind == "frac":
                    prev, prev_kind = f"({prev})", "atom"
                out[-1] = (prev_kind, prev + script)
            else:
                out.append(("atom", script))
            i += 2
            continue
        out.append((kind, text))
        i += 1
    return out


def _is_operand(char: str) -> bool:
    return (
        bool(char)
        and not char.isspace()
        and char not in BINARY
        and char not in OPENERS | set(CLOSERS) | set(",;:/")
    )


def _join(atoms: list[tuple[str, str]]) -> str:
    out = ""
    for i, (kind, text) in enumerate(atoms):
        if kind == "frac":
            before = out.rstrip(OP_GAP)[-1:]
            after = atoms[i + 1][1][:1] if i + 1 < len(atoms) else ""
            if before in "|‖" and out.count(before) % 2 == 1:
                before = "("  # an opening bar: |a/b|
            if after in "|‖" and out.count(after) % 2 == 1:
                after = ")"  # the closing bar
            if _is_operand(before) or before in CLOSERS or _is_operand(after) or after in OPENERS:
                text = f"({text})"
        elif kind == "op":
            text += OP_GAP
        out += text
    return out


def _normalise(text: str) -> str:
    """One space around binary operators, none after a unary sign, single spaces elsewhere."""
    text = re.sub(r"[ \t]+", " ", text)
    out: list[str] = []
    bars = 0
    for i, c in enumerate(text):
        if c == OP_GAP:
            rest = text[i + 1 :].lstrip(" " + OP_GAP)
            if rest and rest[0] not in "(" and rest[0] not in BINARY and rest[0] not in ",;)]":
                out.append(" ")
            continue
        if c == "|":
            bars += 1
        if c in BINARY:
            prev = "".join(out).rstrip(" ")[-1:]
            unary = c in SIGNS and (prev in _AFTER_UNARY or (prev == "|" and bars % 2 == 1))
            while out and out[-1] == " ":
                out.pop()
            if (
                out
                and out[-1] not in OPENERS
                and out[-1] not in ("\n", CASE_MARK)
                and not (unary and prev == "|")
            ):
                out.append(" ")
            out.append(c)
            if not unary:
                out.append(" ")
            continue
        if c == " " and (not out or out[-1] == " "):
            continue
        out.append(c)
        if c == "," and i + 1 < len(text) and not text[i + 1].isspace():
            out.append(" ")
    joined = "".join(out)
    joined = re.sub(r" +", " ", joined)
    return "\n".join(line.strip(" ") for line in joined.split("\n"))


def _top_level(text: str):
    """The characters of ``text`` outside brackets and ‖…‖ / |…| pairs."""
    depth, bars = 0, {"‖": False, "|": False}
    for c in text:
        if c in OPENERS:
            depth += 1
        elif c in CLOSERS:
            depth = max(depth - 1, 0)
        elif c in bars:
            bars[c] = not bars[c]
            continue
        elif depth == 0 and not any(bars.values()):
            yield c


def _wrap(text: str, *, strict: bool) -> str:
    """Parenthesise ``text`` unless it is one term; ``strict``: also a product of several symbols."""
    text = text.strip()
    if not text or _bracketed(text):
        return text
    top = list(_top_level(text))
    if any(c in BINARY or c in " ,/" for c in top) or "\n" in text:
        return f"({text})"
    if strict:
        bases = [
            c for c in top if c not in SUP.values() and c not in SUB.values() and not _combining(c)
        ]
        bases = [c for c in bases if c not in "√∛∜∂∇′″∗*"]
        if len(bases) > 1 and not text.replace(".", "").isdigit():
            return f"({text})"
    return text


def _bracketed(text: str) -> bool:
    if text[0] not in OPENERS:
        return False
    depth = 0
    for i, c in enumerate(text):
        if c in OPENERS:
            depth += 1
        elif c in CLOSERS:
            depth -= 1
            if depth == 0:
                return i == len(text) - 1
    return False


def _combining(c: str) -> bool:
    return "\u0300" <= c <= "\u036f" or "\u20d0" <= c <= "\u20ff"


# --- Markdown ------------------------------------------------------------------------

_MATH_IN_MD = re.compile(
    r"(?P<fence>^```.*?^```[ \t]*$)"
    r"|(?P<code>`[^`\n]+`)"
    r"|(?<!\\)\$\$(?P<display>.+?)\$\$"
    r"|(?<![\\$])\$(?P<inline>[^$\n]+?)(?<!\\)\$(?!\$)",
    re.S | re.M,
)
_BLOCK = "\x00display\x00"
_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>|#~])")


def _escape(text: str) -> str:
    return _MD_ACTIVE.sub(r"\\\1", text)


def markdown_math_to_text(markdown: str) -> str:
    """Markdown with every ``$...$`` / ``$$...$$`` replaced by its Unicode text (escaped for Markdown).

    Display math becomes its own paragraph, one line per formula line.
    Code spans and fenced code blocks are left alone.
    """

    def replace(match: re.Match) -> str:
        if match["display"] is not None:
            lines = math_to_text(match["display"]).split("\n")
            body = "\\\n".join(
                _escape(line).replace(" ", "\u00a0", len(line) - len(line.lstrip(" ")))
                for line in lines
            )
            return f"{_BLOCK}{body}{_BLOCK}"
        if match["inline"] is not None:
            return _escape(math_to_text(match["inline"]).replace("\n", "; "))
        return match[0]

    text = _MATH_IN_MD.sub(replace, markdown)
    text = re.sub(rf"[ \t]*{_BLOCK}[ \t]*", "\n\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + ("\n" if markdown.endswith("\n") else "")
