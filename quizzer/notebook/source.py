"""A notebook's functions turned back into a submission file.

``submission_source(challenge, namespace)`` writes the source of the challenge's
functions as the notebook defined them, and of what they use at module level:
the helper functions they call (recursively), the modules and library functions
they import (as import lines), and constants that can be written as literals.
What a function uses is read from its bytecode (the global names it loads, nested
functions included) and from its decorators and default values (evaluated when
the ``def`` runs). Anything that cannot be written as source (a function made by
``exec``, a lambda, a C function, a global array) is a ``SourceUnavailable``
whose message says what to change.
"""

from __future__ import annotations

import ast
import dis
import importlib
import inspect
import textwrap
import types

from quizzer.challenges import CHALLENGES, check_id


class SourceUnavailable(ValueError):
    """A name the submission needs cannot be turned into source; the message says why."""


def submission_source(challenge: str, namespace: dict) -> str:
    """The text of a submission file for ``challenge`` made from ``namespace`` (a notebook's)."""
    check_id(challenge)
    writer = _Writer(namespace)
    for name in CHALLENGES[challenge]:
        if name not in namespace:
            continue  # a missing function is reported by the grader, by name
        value = namespace[name]
        if not isinstance(value, types.FunctionType) or value.__module__ != writer.main:
            origin = getattr(value, "__module__", None)
            raise SourceUnavailable(
                f"{name} is {type(value).__name__} {getattr(value, '__name__', '')}"
                f"{f' from {origin}' if origin else ''}, not a Python function defined in this "
                f"notebook: define {name} with def in a cell"
            )
        writer.want(name, needed_by=None)
    head = [f"# quizzer challenge: {challenge}", "# made from a notebook's definitions", ""]
    head += ["from __future__ import annotations", ""]
    parts = [*writer.imports, *writer.constants]
    return "\n".join([*head, *parts, "", *writer.functions]).rstrip() + "\n"


_GLOBAL_OPS = {"LOAD_GLOBAL", "LOAD_NAME", "STORE_GLOBAL", "DELETE_GLOBAL"}


def _global_names(code: types.CodeType) -> set[str]:
    """The global names ``code`` (and the functions, lambdas, comprehensions in it) reads.

    From the bytecode, not ``co_names``, which also holds attribute names: ``x.mean()``
    must not drag in a notebook's global ``mean``.
    """
    names = {i.argval for i in dis.get_instructions(code) if i.opname in _GLOBAL_OPS}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _def_time_names(tree: ast.AST) -> set[str]:
    """Names a ``def`` statement evaluates: decorators and default values."""
    node = tree.body[0] if isinstance(tree, ast.Module) else tree
    exprs = list(getattr(node, "decorator_list", []))
    args = getattr(node, "args", None)
    if args is not None:
        exprs += [d for d in [*args.defaults, *args.kw_defaults] if d is not None]
    return {n.id for e in exprs for n in ast.walk(e) if isinstance(n, ast.Name)}


def _literal(value) -> str | None:
    """``repr(value)`` when it reads back as the same value (numbers, strings, tuples...)."""
    if type(value) not in (int, float, complex, str, bytes, bool, type(None), tuple, list, dict):
        return None
    text = repr(value)
    try:
        same = ast.literal_eval(text) == value
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return text if same and len(text) <= 10_000 else None


def _importable(value, name: str) -> str | None:
    """``from module import attr as name`` when ``value`` is that module's attribute."""
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if not module or not qualname or "." in qualname or module == "__main__":
        return None
    try:
        if getattr(importlib.import_module(module), qualname, None) is not value:
            return None
    except Exception:  # a module that cannot be imported: not importable
        return None
    alias = "" if qualname == name else f" as {name}"
    return f"from {module} import {qualname}{alias}"


class _Writer:
    def __init__(self, namespace: dict):
        self.ns = namespace
        self.main = namespace.get("__name__", "__main__")
        self.seen: set[str] = set()
        self.imports: list[str] = []
        self.constants: list[str] = []
        self.functions: list[str] = []

    def want(self, name: str, needed_by: str | None) -> None:
        if name in self.seen or name not in self.ns:
            return  # builtins and undefined names: the worker raises NameError, as Python would
        self.seen.add(name)
        value = self.ns[name]
        where = f" (used by {needed_by})" if needed_by else ""
        if isinstance(value, types.ModuleType):
            module = value.__name__
            if module == "quizzer" or module.startswith("quizzer."):
                raise SourceUnavailable(
                    f"{name}{where} is quizzer itself, which a submission may not use"
                )
            line = f"import {module}" if module == name else f"import {module} as {name}"
            self.imports.append(line)
        elif isinstance(value, types.FunctionType) and value.__module__ == self.main:
            self._function(name, value, where)
        elif isinstance(value, type) and value.__module__ == self.main:
            self._class(name, value, where)
        elif (line := _importable(value, name)) is not None:
            self.imports.append(line)
        elif (text := _literal(value)) is not None:
            self.constants.append(f"{name} = {text}")
        elif isinstance(value, types.BuiltinFunctionType | types.FunctionType):
            raise SourceUnavailable(
                f"{name}{where} is not a Python function defined in this notebook "
                f"({type(value).__name__} from {getattr(value, '__module__', None) or 'nowhere'}): "
                f"define {name} with def in a cell"
            )
        else:
            raise SourceUnavailable(
                f"{name}{where} is a global {type(value).__name__} that cannot be written as "
                f"source: compute it inside the function, or make it a literal constant"
            )

    def _source(self, name: str, value, where: str) -> str:
        try:
            text = inspect.getsource(value)
        except (OSError, TypeError):
            raise SourceUnavailable(
                f"the source of {name}{where} is not available (was it made by exec, or "
                f"in a cell that was deleted?): define {name} with def in a cell and run it"
            ) from None
        return textwrap.dedent(text)

    def _function(self, name: str, fn: types.FunctionType, where: str) -> None:
        if fn.__name__ == "<lambda>":
            raise SourceUnavailable(
                f"{name}{where} is a lambda; its source cannot be separated from the line it "
                f"is on: define {name} with def"
            )
        text = self._source(name, fn, where)
        try:
            tree = ast.parse(text)
        except SyntaxError:
            raise SourceUnavailable(
                f"the source of {name}{where} does not parse on its own"
            ) from None
        if not (
            len(tree.body) == 1 and isinstance(tree.body[0], ast.FunctionDef | ast.AsyncFunctionDef)
        ):
            raise SourceUnavailable(f"the source of {name}{where} is not a plain def statement")
        defined = tree.body[0].name
        self.functions += [text.rstrip(), "", ""]
        if defined != name:  # dropout_forward = my_dropout
            if defined in self.ns and self.ns[defined] is not fn:
                raise SourceUnavailable(
                    f"{name}{where} is the function {defined}, and the name {defined} now "
                    f"means something else: define {name} with def"
                )
            self.seen.add(defined)
            self.functions += [f"{name} = {defined}", "", ""]
        uses = _global_names(fn.__code__) | _def_time_names(tree)
        for used in sorted(uses - {name}):  # a builtin is not in a notebook's namespace
            self.want(used, needed_by=name)

    def _class(self, name: str, cls: type, where: str) -> None:
        text = self._source(name, cls, where)
        self.functions += [text.rstrip(), "", ""]
        tree = ast.parse(text)
        uses = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        for used in sorted(uses - {name}):  # a builtin is not in a notebook's namespace
            self.want(used, needed_by=name)
