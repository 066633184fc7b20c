"""LaTeX math to readable Unicode for the terminal, keeping the formula's meaning.

Built on pylatexenc's LatexWalker: it parses the LaTeX into a node tree and
this module walks that tree. What pylatexenc's own ``latex2text`` loses is
structure, so this module adds it back wherever plain text would read as a
different formula:

- a fraction's numerator is parenthesised unless it is one term, its
  denominator unless it is one factor: ``(xᵢ − μ)/√(σ² + ε)``,
  ``γ/(m√(σ̂² + ε))``, ``1/(2n)``;
- a fraction next to a factor (or before ``·``, ``/``) is parenthesised:
  ``(1/2)x``, ``(a/b) · c``;
- a root's radicand is parenthesised unless it is one factor, and also when
  a factor follows the root: ``√(2x)``, ``√(2)x``; a script on a root or a
  fraction applies to the whole: ``(√x)²``, ``(a/b)²``;
- sub/superscripts become Unicode when every character has a Unicode form,
  else ``_L1`` / ``^(−x²)`` (parenthesised when the script is not one plain
  Latin word, or a factor or another script follows): several Greek letters
  are a product, ``S_(αρ)``, not a name;
- an accent on one symbol is a combining mark (``σ̂``), on more it is spelled
  out (``hat(xy)``); ``cases`` becomes one line per case.

Symbols come from pylatexenc's table plus ``quizzer.mathtables``; a command
neither knows stays visible as ``\\name`` rather than turning into letters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc import latex2text, latexwalker, macrospec

from quizzer.mathlayout import attached, bracketed, is_operand, normalise, wrap
from quizzer.mathtables import (
    ACCENTS,
    BARS,
    BIG_OPS,
    BINOMIALS,
    BLACKBOARD,
    BOLD_DIGITS,
    BRACES,
    CALLIGRAPHIC,
    CASE_BRACE,
    CASE_MARK,
    CASES,
    CLOSERS,
    DELIMITER_SIZES,
    FRACTIONS,
    MATRICES,
    NAMED_OPS,
    NEGATED,
    OP_GAP,
    OPENERS,
    PRODUCT_OPS,
    QUAD,
    ROOTS,
    SCRIPT_COMMA,
    SILENT,
    SPACED_OPS,
    SPACES,
    SPANNING,
    STACKED,
    SUB,
    SUP,
    SYMBOLS,
    TEXT,
    UPRIGHT,
    WIDE_SPACES,
)

__all__ = ["math_to_text"]


@lru_cache(maxsize=1)
def _context() -> macrospec.LatexContextDb:
    db = latexwalker.get_default_latex_context_db()
    extra = [macrospec.MacroSpec(name, "{{") for name in ("dfrac", "tfrac", "cfrac", "binom",
                                                          "dbinom", "tbinom", "overset",
                                                          "underset", "stackrel")]  # fmt: skip
    extra += [macrospec.MacroSpec(name, "{") for name in ("boldsymbol", "bm", "mathnormal",
                                                          "widehat", "widetilde", "textnormal",
                                                          "underbrace", "overbrace", "underline",
                                                          "overline")]  # fmt: skip
    extra.append(macrospec.MacroSpec("operatorname", "*{"))
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
    """Drop the marks, aligning each case line under the first one's brace."""
    out, indent = [], 0
    for line in text.split("\n"):
        line = line.replace(SCRIPT_COMMA, ",").replace(QUAD, "  ")
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
    atoms: list[tuple[str, str]] = []  # (kind, text); kinds: chr, atom, frac, root, op, block
    after_size = False  # the node before was \left, \right, \big...
    for node in nodes or ():
        if node is None:
            continue
        if after_size and not text_mode and node.isNodeType(latexwalker.LatexCharsNode):
            chars = node.chars.lstrip()
            atoms.extend(_char_atoms(chars[1:] if chars.startswith(".") else chars))  # \left.
        else:
            atoms.extend(_atoms(node, text_mode))
        after_size = node.isNodeType(latexwalker.LatexMacroNode) and (
            node.macroname in DELIMITER_SIZES
        )
    if text_mode:
        return re.sub(r"[ \t]+", " ", "".join(text for _, text in atoms))
    return normalise(_join(_scripts(atoms)))


def _char_atoms(chars: str) -> list[tuple[str, str]]:
    chars = chars.replace("-", "−").replace("'", "′").replace("*", "∗")
    return [("chr", c) for c in chars if not c.isspace()]


def _atoms(node, text_mode: bool) -> list[tuple[str, str]]:
    if node.isNodeType(latexwalker.LatexCharsNode):
        return [("chr", node.chars)] if text_mode else _char_atoms(node.chars)
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


def _macro(node, text_mode: bool) -> list[tuple[str, str]]:  # noqa: C901 - one table of cases
    name = node.macroname
    args = _args(node)
    last = _arg_text(args[-1]) if args else ""
    if name in FRACTIONS and len(args) >= 2:
        num, den = _arg_text(args[-2]), last
        return [("frac", f"{wrap(num, strict=False)}/{wrap(den, strict=True)}")]
    if name in BINOMIALS and len(args) >= 2:
        return [("atom", f"C({_arg_text(args[-2])}, {last})")]
    if name == "sqrt" and args:
        index = _arg_text(args[0]) if len(args) > 1 else ""
        root = {"": "√", "2": "√", "3": "∛", "4": "∜"}.get(index)
        root = root or _to_script(index, SUP, "^", bare=False) + "√"
        return [("root", root + wrap(last, strict=True))]
    if name == "not":
        negated = last.strip()
        return [("atom", NEGATED.get(negated, negated + "\u0338"))]
    if name in TEXT and args:
        return [("atom", _arg_text(args[-1], text_mode=True))]
    if name in UPRIGHT and args:
        return [("atom", last)]
    if name == "mathbf" and args:
        return [("atom", "".join(BOLD_DIGITS.get(c, c) for c in last))]
    if name == "operatorname" and args:
        return [("op", last)]
    if name in ("mathbb", "mathcal", "mathscr", "mathfrak") and args:
        table = BLACKBOARD if name == "mathbb" else CALLIGRAPHIC
        return [("atom", "".join(table.get(c, c) for c in last))]
    if name in ACCENTS and args:
        return [("atom", _accent(name, last))]
    if name in STACKED and len(args) >= 2:
        table = SUP if STACKED[name] == "^" else SUB
        return [("atom", last + _to_script(_arg_text(args[-2]), table, STACKED[name], bare=False))]
    if name in BRACES and args:
        return [("atom", wrap(last, strict=False))]  # the brace's label is the script after it
    if name in SILENT:
        return []
    if name in SPACES:
        return [("atom", " ")]
    if name in WIDE_SPACES:
        return [("atom", QUAD)]
    if name in BIG_OPS:
        return [("op", BIG_OPS[name])]
    if name in NAMED_OPS or name in SPACED_OPS:
        return [("op", SPACED_OPS.get(name, name))]
    if name in SYMBOLS:
        return [("atom", SYMBOLS[name])]
    spec = _symbols().get_macro_spec(name)
    repl = getattr(spec, "simplify_repl", None)
    if isinstance(repl, str) and "%" not in repl and not args:
        return [("atom", repl)]
    if args:  # a macro we do not know: keep what it was applied to
        return [("atom", "".join(_arg_text(a, text_mode=text_mode) for a in args if a is not None))]
    return [("atom", f" \\{name} ")]  # visibly unconverted, never silently letters


def _accent(name: str, inner: str) -> str:
    """``\\hat{x}`` → x̂ (on the base, before its scripts); over several symbols: hat(xy)."""
    inner = inner.strip()
    mark = ACCENTS[name]
    if inner and _is_symbol(inner):
        return inner[0] + mark + inner[1:]
    if name in SPANNING or name == "bar":  # an overline joins up into one line over the group
        line = "\u0332" if name == "underline" else "\u0305"
        return "".join(c + line if not c.isspace() else c for c in inner)
    return f"{name.removeprefix('wide')}({inner})"


def _is_symbol(text: str) -> bool:
    """One base character, possibly with Unicode scripts and accents: x, σ̂, xᵢ, w′."""
    return not attached(text[0]) and all(attached(c) for c in text[1:])


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
    if name in CASES:  # "value, condition": a comma the author put before & is not doubled
        cells = [[c.strip(" " + QUAD).rstrip(",").strip() for c in row] for row in rows]
        lines = [CASE_MARK + CASE_BRACE + " " + ", ".join(c for c in row if c) for row in cells]
    elif name in MATRICES:
        left, right = (MATRICES[name] + "  ")[:2] if MATRICES[name] else ("", "")
        lines = [f"{left}{'  '.join(row)}{right}".strip() for row in rows]
    else:  # align, aligned, gather, split, equation: the rows, cells side by side
        lines = [" ".join(c for c in row if c) for row in rows]
    return ("block", "\n".join(lines))


# --- structure: scripts, fractions, roots, spacing -------------------------------------


def _to_script(text: str, table: dict[str, str], mark: str, *, bare: bool) -> str:
    """A sub/superscript: Unicode if it can be, else ``_w`` (``bare``, one word) or ``_(...)``."""
    compact = text.replace(" ", "")
    if compact in ("′", "″", "∗", "*"):
        return compact.replace("∗", "*")
    if compact and all(c in table for c in compact):
        return "".join(table[c] for c in compact)
    compact = compact.replace(",", SCRIPT_COMMA)
    # a subscript may be a bare Latin label (Ω_L1, x_new); Greek letters side by side read as
    # a product (S_(αρ) is S with the subscript α·ρ), and a longer superscript is an
    # expression: e^(ab)
    label = compact.isascii() and compact.isalnum()
    if bracketed(compact) or bare and (len(compact) == 1 or mark == "_" and label):
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
            # Ω_L1 bare only where nothing after it could be read as part of the script
            bare = bool(out) and out[-1][0] == "op" or _ends_script(atoms, i + 2)
            script = _to_script(atoms[i + 1][1], table, mark, bare=bare)
            if out:
                prev_kind, prev = out[-1]
                if prev_kind in ("frac", "root"):  # (a/b)², (√x)²: the script is on the whole
                    prev, prev_kind = f"({prev})", "atom"
                out[-1] = (prev_kind, prev + script)
            else:
                out.append(("atom", script))
            i += 2
            continue
        out.append((kind, text))
        i += 1
    return out


def _ends_script(atoms: list[tuple[str, str]], i: int) -> bool:
    """Whether the script before atom ``i`` visibly ends there: nothing, a space, an operator,
    a bracket, or a script that becomes Unicode (σ_B²) follows."""
    if i >= len(atoms):
        return True
    kind, text = atoms[i]
    if kind == "chr" and text in "_^":
        table = SUB if text == "_" else SUP
        nxt = atoms[i + 1][1].replace(" ", "") if i + 1 < len(atoms) else ""
        return bool(nxt) and all(c in table for c in nxt)
    return not is_operand(text[:1])


def _next_char(atoms: list[tuple[str, str]], i: int) -> str:
    """The first character after atom ``i``, past thin spaces."""
    for _, text in atoms[i + 1 :]:
        text = text.lstrip(" ")
        if text:
            return text[0]
    return ""


def _join(atoms: list[tuple[str, str]]) -> str:
    out = ""
    for i, (kind, text) in enumerate(atoms):
        after = _next_char(atoms, i)
        if kind == "frac":
            before = out.rstrip(OP_GAP + " ")[-1:]
            if before in BARS and out.count(before) % 2 == 1:
                before = "("  # an opening bar: |a/b|
            if after in BARS and out.count(after) % 2 == 1:
                after = ")"  # the closing bar
            if (
                is_operand(before)
                or before in CLOSERS
                or before == "/"
                or is_operand(after)
                or after in OPENERS
                or after in PRODUCT_OPS
            ):
                text = f"({text})"
        elif kind == "root" and (is_operand(after) or after in OPENERS):
            at = next(k for k, c in enumerate(text) if c in ROOTS) + 1
            if not bracketed(text[at:]):  # √2x would read as √(2x)
                text = f"{text[:at]}({text[at:]})"
        elif kind == "op":
            text += OP_GAP
        out += text
    return out
