"""Text normalisation for typed answers: one form for the learner's text and the cards' terms.

* NFKC (full-width ``Ｌ１`` is ``L1``) and case folding;
* typographic dashes and minus signs (− – —) become ``-``, ``≤``/``≥`` become ``<=``/``>=``,
  Greek letters become their names (``λ`` is ``lambda``, so either spelling matches the other);
* punctuation becomes a space (``1/(1-p)`` reads ``1 1 p`` on both sides), symbols such as
  ``⊙``, ``+`` or ``<`` are kept, and so is ``_`` (``keep_prob`` is one word);
* where Chinese meets Latin text a space is put in ("用l1正则化" has the word ``l1``).

``stem`` is a light English stemmer (plurals, -ing, -ed, -ation, -ly, -ity, British -ise):
"co-adapting" and "co-adaptation" share the stem ``co adapt``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CJK_CHARS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK = re.compile(f"[{CJK_CHARS}]")
_SCRIPT_BOUNDARY = re.compile(
    f"(?<=[{CJK_CHARS}])(?=[^{CJK_CHARS}\\s])|(?<=[^{CJK_CHARS}\\s])(?=[{CJK_CHARS}])"
)

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "ϕ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega", "∂": "d",
}  # fmt: skip
_SYMBOLS = {
    "−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "≤": "<=", "≥": ">=", "⩽": "<=",
    "⩾": ">=", "≠": "!=", "×": "*", "·": "*", "⋅": "*", "∗": "*", "`": " ", "|": " | ",
}  # fmt: skip
_TABLE = str.maketrans({**_SYMBOLS, **{k: f" {v} " for k, v in GREEK.items()}})


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """NFKC, case-folded, symbols and Greek spelled out, punctuation as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)
    chars = [
        " " if ch != "_" and unicodedata.category(ch).startswith(("P", "Z", "C")) else ch
        for ch in text
    ]
    return " ".join(_SCRIPT_BOUNDARY.sub(" ", "".join(chars)).split())


_IRREGULAR = {
    "axes": "axis", "indices": "index", "matrices": "matrix", "vertices": "vertex",
    "priors": "prior", "biases": "bias", "biased": "bias", "analyses": "analysis",
}  # fmt: skip
_SUFFIXES = (
    ("izations", "iz"), ("ization", "iz"), ("ations", ""), ("ation", ""), ("ings", ""),
    ("ingly", ""), ("ing", ""), ("ated", ""), ("ates", ""), ("ate", ""), ("edly", ""),
    ("ed", ""), ("ies", "y"), ("ness", ""),
    ("ities", ""), ("ity", ""), ("ly", ""), ("es", ""), ("s", ""), ("e", ""),
)  # fmt: skip
_BRITISH = re.compile(r"is(e|es|ed|ing|ation|ations)$")
_KEEP_S = ("ss", "us", "is", "as")
_GREEK_NAMES = frozenset(GREEK.values())


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A light stem of an English word; other words (``l1``, ``2lambda``, Chinese) unchanged."""
    if len(word) < 4 or not word.isascii() or not word.isalpha():
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 5:
        word = _BRITISH.sub(r"iz\1", word)
    for suffix, replacement in _SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < (4 if suffix == "e" else 3):
            continue
        if suffix == "s" and word.endswith(_KEEP_S) and word[:-1] not in _GREEK_NAMES:
            break  # "bias", "class" keep their s; "betas", "gammas" are plurals
        if suffix == "es" and word[-3] not in "hsxz":  # "features" -> "featur" via "s", "e"
            continue
        word = word[: -len(suffix)] + replacement
        if suffix in ("ing", "ed", "ings") and len(word) > 3:
            if word[-1] == word[-2] and word[-1] not in "lsz":  # dropped -> drop
                word = word[:-1]
        break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word
