"""Copied submissions, for batch grading's integrity flags: identical and near-identical programs.

Signals for a teacher to look at, never verdicts: the score is the hidden suite's alone.

Each submission's AST is normalised: docstrings and other bare string
statements dropped (comments never reach the AST), every name the learner chose
(variables, arguments, helpers, import aliases) replaced by its order of first
appearance, string constants blanked; attribute names (``rng.random``),
builtins, numbers and the challenge's function names are kept. Two submissions
with the same normalised token stream are *identical* (a renamed-variable copy
is). For *near-identical* ones the token stream is cut into overlapping 4-token
shingles and summarised by a 64-value MinHash signature, whose agreement
estimates the Jaccard similarity of the shingle sets; candidate pairs come from
locality-sensitive hashing (16 bands of 4), so memory is 64 integers per
submission and the work stays near-linear in the folder size. A submission
that matches the reference solution is flagged too.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import zlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

SHINGLE = 4
PERMUTATIONS = 64
BANDS = 16  # of PERMUTATIONS // BANDS rows each
NEAR = 0.7  # estimated Jaccard similarity from which two submissions are near-identical
MIN_SHINGLES = 20  # smaller programs (an untouched starter file) are only compared exactly
_PRIME = 4294967311  # > 2**32, so (a*h + b) % _PRIME fits in uint64 for 32-bit a, b, h
_rng = np.random.default_rng(20240607)
_A = _rng.integers(1, 1 << 32, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, PERMUTATIONS, dtype=np.uint64)
_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True)
class Fingerprint:
    digest: str  # of the normalised token stream: equal digests are identical programs
    signature: tuple[int, ...]  # MinHash of the shingles; () when too small to compare
    tokens: int


class _Normaliser(ast.NodeVisitor):
    def __init__(self, keep: frozenset[str]):
        self.keep = keep
        self.names: dict[str, str] = {}
        self.tokens: list[str] = []

    def name(self, ident: str) -> str:
        if ident in self.keep or ident in _BUILTINS:
            return ident
        return self.names.setdefault(ident, f"v{len(self.names)}")

    def generic_visit(self, node: ast.AST) -> None:
        self.tokens.append(type(node).__name__)
        for field, value in ast.iter_fields(node):
            if field == "body" and isinstance(value, list):
                value = [s for s in value if not _is_string_statement(s)]
            if isinstance(value, list):
                for item in value:
                    self._field(item)
            else:
                self._field(value)

    def _field(self, value) -> None:
        if isinstance(value, ast.expr_context):  # Load/Store: noise
            return
        if isinstance(value, ast.AST):
            self.visit(value)
        elif isinstance(value, str):
            self.tokens.append(value if value in self.keep else self.name(value))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.tokens.append("Attribute")
        self.visit(node.value)
        self.tokens.append("." + node.attr)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        self.tokens.append("STR" if isinstance(value, (str, bytes)) else repr(value))

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self.tokens.append("STR")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.tokens += ["ImportFrom", node.module or "", str(node.level)]
        for alias in node.names:
            self.visit(alias)

    def visit_keyword(self, node: ast.keyword) -> None:
        self.tokens += ["keyword", node.arg or "**"]  # keyword names are the callee's API
        self.visit(node.value)

    def visit_alias(self, node: ast.alias) -> None:
        self.tokens.append("alias")
        self.tokens.append(node.name)  # the module's real name is kept
        self.name(node.asname or node.name.split(".")[0])


def _is_string_statement(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def normalised_tokens(tree: ast.AST, functions: tuple[str, ...] = ()) -> list[str]:
    normaliser = _Normaliser(frozenset(functions))
    normaliser.visit(tree)
    return normaliser.tokens


def fingerprint(source: str, functions: tuple[str, ...] = ()) -> Fingerprint | None:
    """The submission's fingerprint, or None when it does not parse (nothing to compare)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    try:
        tokens = normalised_tokens(tree, functions)
    except RecursionError:
        return None
    digest = hashlib.sha256("\x1f".join(tokens).encode()).hexdigest()
    shingles = {
        zlib.crc32("\x1f".join(tokens[i : i + SHINGLE]).encode())
        for i in range(max(0, len(tokens) - SHINGLE + 1))
    }
    signature: tuple[int, ...] = ()
    if len(shingles) >= MIN_SHINGLES:
        h = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
        signature = tuple(
            int(v) for v in ((_A[:, None] * h[None, :] + _B[:, None]) % _PRIME).min(axis=1)
        )
    return Fingerprint(digest, signature, len(tokens))


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of two submissions' shingles (1.0 for identical programs)."""
    if a.digest == b.digest:
        return 1.0
    if not a.signature or not b.signature:
        return 0.0
    return sum(x == y for x, y in zip(a.signature, b.signature, strict=True)) / PERMUTATIONS


def copy_flags(
    prints: dict[str, Fingerprint | None], reference: Fingerprint | None = None, near: float = NEAR
) -> dict[str, list[dict]]:
    """Flags per submission name: groups of identical and of near-identical submissions.

    Each flag is ``{"kind": "identical"|"near-identical", "group": n, "with": [names],
    "similarity": s, "message": ...}``, and ``{"kind": "reference-copy", ...}`` for a
    submission that matches the reference solution.
    """
    flags: dict[str, list[dict]] = defaultdict(list)
    names = sorted(n for n, fp in prints.items() if fp is not None)
    by_digest: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_digest[prints[name].digest].append(name)
    group_no = 0
    for members in sorted(by_digest.values()):
        if len(members) > 1:
            group_no += 1
            for name in members:
                others = [m for m in members if m != name]
                flags[name].append(
                    {
                        "kind": "identical",
                        "group": group_no,
                        "with": others,
                        "similarity": 1.0,
                        "message": f"identical to {_names(others)} once names, comments and "
                        "docstrings are normalised",
                    }
                )
    # near-identical: one representative per identical group, candidates by LSH banding
    reps = [members[0] for members in by_digest.values() if prints[members[0]].signature]
    rows = PERMUTATIONS // BANDS
    buckets: dict[tuple, list[str]] = defaultdict(list)
    for name in reps:
        sig = prints[name].signature
        for band in range(BANDS):
            buckets[(band, *sig[band * rows : (band + 1) * rows])].append(name)
    pairs: dict[tuple[str, str], float] = {}
    for bucket in buckets.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                key = (a, b) if a < b else (b, a)
                if key not in pairs:
                    pairs[key] = similarity(prints[a], prints[b])
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    close = {k: v for k, v in pairs.items() if v >= near}
    for a, b in close:
        parent[root(a)] = root(b)
    clusters: dict[str, list[str]] = defaultdict(list)
    for rep in sorted({n for pair in close for n in pair}):
        clusters[root(rep)].append(rep)
    for reps_in in sorted(clusters.values()):
        group_no += 1
        members = sorted(m for r in reps_in for m in by_digest[prints[r].digest])
        for name in members:
            mine = by_digest[prints[name].digest][0]
            best = max(
                (v for (a, b), v in close.items() if mine in (a, b)),
                default=near,
            )
            # the members of its own identical group are already named by that flag
            twins = set(by_digest[prints[name].digest])
            others = [m for m in members if m not in twins]
            flags[name].append(
                {
                    "kind": "near-identical",
                    "group": group_no,
                    "with": others,
                    "similarity": round(best, 2),
                    "message": f"near-identical to {_names(others)} "
                    f"(similarity about {best:.2f} after normalisation)",
                }
            )
    if reference is not None:
        for name in names:
            s = similarity(prints[name], reference)
            if s >= near:
                flags[name].append(
                    {
                        "kind": "reference-copy",
                        "similarity": round(s, 2),
                        "message": "the same program as the reference solution"
                        if s == 1.0
                        else f"near-identical to the reference solution (similarity about {s:.2f})",
                    }
                )
    return dict(flags)


def _names(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
