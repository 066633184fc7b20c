"""Read one card file: bytes -> plain data, with a line number for every problem.

The YAML is composed into a node tree (PyYAML's C parser when available), then
turned into plain data here, so that duplicate keys, odd tags and every schema
problem can be traced back to a line. Problems are ``(line, field, message)``
triples; the deck loader adds the file path.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from quizzer.schema import check_card, field_name

try:
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


IMPLICIT = "?"  # the tag of every node written without one; ``_plain`` resolves it


class Loader(_Base):
    """The safe loader's parser (libyaml's when available), composing a node tree only.

    The composer calls back into Python for every node: ``resolve`` for its tag,
    ``descend_resolver`` / ``ascend_resolver`` for path-based resolvers (the safe
    loader has none). A card has hundreds of nodes, so these are C-level no-ops
    here: ``str.format`` ignores arguments its string has no field for. Every
    node without an explicit tag gets the tag ``IMPLICIT``, and ``_plain``
    gives plain scalars the types the safe loader would (same resolver table).
    """

    resolve = IMPLICIT.format
    descend_resolver = "".format
    ascend_resolver = "".format


_RESOLVERS = _Base.yaml_implicit_resolvers  # first character -> [(tag, regexp)]


RawProblem = tuple[int, str, str]
LINE_KEYS = frozenset({"id", "number", "solution"})  # the keys deck-wide checks may point at
STR = "tag:yaml.org,2002:str"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
INT = "tag:yaml.org,2002:int"
_SCALAR = yaml.constructor.SafeConstructor()  # its scalar constructors keep no state
SCALARS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}


_PLAIN_TAGS: dict[str, str] = {}  # short plain scalars (keys, ids, tags, numbers) recur


def _implicit_tag(value: str) -> str:
    """The tag the safe loader gives a plain (unquoted) scalar: int, float, bool, null, ... or str."""
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        resolvers = _RESOLVERS.get(value[:1], ())
        tag = next((tag for tag, regexp in resolvers if regexp.match(value)), STR)
        if len(value) <= 32 and len(_PLAIN_TAGS) < 4096:
            _PLAIN_TAGS[value] = tag
    return tag


class _Bad(Exception):
    def __init__(self, line: int, path: tuple, message: str):
        super().__init__(message)
        self.line, self.path, self.message = line, path, message


def _compose(source: str | bytes) -> yaml.Node | None:
    loader = Loader(source)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_FAILED = object()  # libyaml could not read the bytes


def _compose_text(raw: bytes) -> tuple[yaml.Node | None, RawProblem | None]:
    """``(root, None)``, or ``(None, problem)`` naming the bad byte or the YAML error's line."""
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex()
        return None, (line, "file", f"not valid UTF-8 (byte 0x{byte}); save the file as UTF-8")
    try:
        return _compose(source), None
    except yaml.MarkedYAMLError as exc:
        return None, _yaml_problem(exc, source)
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return None, (1, "yaml", str(exc))


def parse_card(raw: bytes) -> tuple[Any, dict[str, int], list[RawProblem]]:
    """``(data, lines of the LINE_KEYS, problems)``; data is None when the file cannot be read as YAML.

    A well-formed UTF-8 file goes to libyaml as bytes (it checks the encoding
    itself, which spares decoding every card twice). A file it rejects is
    parsed again from decoded text, so that the problem names the offending
    byte, or the line of the YAML error and what is wrong there.
    """
    if not raw.strip():
        return None, {}, [(1, "file", "the file is empty")]
    root = _FAILED
    if raw[:2] not in _UTF16_BOMS:  # libyaml would read UTF-16; a card must be UTF-8
        try:
            root = _compose(raw)
        except (yaml.YAMLError, UnicodeError):
            pass
    if root is _FAILED:
        root, problem = _compose_text(raw)
        if problem:
            return None, {}, [problem]
    if root is None:
        return None, {}, [(1, "file", "the file has no content (only comments or blank lines)")]
    try:
        data = _plain(root, set())
    except _Bad as bad:
        return None, {}, [(bad.line, field_name(bad.path), bad.message)]
    lines: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        lines = {k.value: k.start_mark.line + 1 for k, _ in root.value if k.value in LINE_KEYS}
    problems = [
        (_line_of(root, path), field_name(path), message) for path, message in check_card(data)
    ]
    return data, lines, problems


def _yaml_problem(exc: yaml.MarkedYAMLError, source: str) -> RawProblem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    text_lines = source.splitlines()
    quote_line = _unclosed_quote(text_lines[:line])
    if quote_line:
        return (
            quote_line,
            "yaml",
            "unclosed quote: the quoted string that starts on this line never ends",
        )
    if 0 < line <= len(text_lines) and "\t" in text_lines[line - 1]:
        return line, "yaml", "tab character: YAML indents with spaces, never tabs"
    if exc.context_mark and exc.context_mark.line + 1 != line and context:
        problem = f"{problem} ({context} started at line {exc.context_mark.line + 1})"
    elif context:
        problem = f"{problem} ({context})"
    return line, "yaml", f"malformed YAML: {problem}"


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#:][^:#]*:\s+)?(["'])(.*)$""")


def _unclosed_quote(lines: list[str]) -> int | None:
    """The first line whose value opens a quote it does not close (legal YAML, but never in a card)."""
    for number, text in enumerate(lines, 1):
        match = _QUOTED_VALUE.match(text)
        if not match:
            continue
        quote, rest = match.groups()
        if quote == '"':
            closed = re.search(r'(?<!\\)(?:\\\\)*"', rest)
        else:
            closed = re.search(r"'(?!')", rest.replace("''", ""))
        if not closed:
            return number
    return None


def _tag(node: yaml.Node) -> str:
    """The node's tag, resolved: a quoted or block scalar is a string, a plain one as YAML says."""
    tag = node.tag
    if tag != IMPLICIT:
        return tag
    if node.__class__ is yaml.ScalarNode:
        return STR if node.style else _implicit_tag(node.value)
    return MAP if node.__class__ is yaml.MappingNode else SEQ


_SCALAR_NODE, _MAPPING_NODE, _SEQUENCE_NODE = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
ALIAS_MESSAGE = (
    "repeats a list or mapping through an alias (*name); cards do not support aliases "
    "of lists or mappings: write the value out"
)


def _plain(node: yaml.Node, containers: set[int]) -> Any:
    """Plain Python data from a node; rejects duplicate keys, non-string keys and unusual tags.

    ``containers`` holds the ids of the mapping and sequence nodes already
    converted. The composer gives an alias the very node it names, so meeting
    one again means an alias of a list or mapping: refused, because such aliases
    can nest exponentially (a "billion laughs") or refer to themselves.
    """
    kind = node.__class__
    tag = node.tag
    if tag == IMPLICIT:
        if kind is _SCALAR_NODE:
            if node.style:  # quoted or a block: a string
                return node.value
            tag = _implicit_tag(node.value)
            if tag == STR:
                return node.value
        else:
            tag = MAP if kind is _MAPPING_NODE else SEQ
    elif tag == STR and kind is _SCALAR_NODE:
        return node.value
    if kind is not _SCALAR_NODE:
        if id(node) in containers:
            raise _Bad(0, (), ALIAS_MESSAGE)  # the caller knows the alias's line
        containers.add(id(node))
    if tag == MAP and kind is _MAPPING_NODE:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key_node.__class__ is not _SCALAR_NODE or _tag(key_node) != STR:
                raise _Bad(
                    key_node.start_mark.line + 1, (), f"keys must be plain words, got {key!r}"
                )
            if key in out:
                first = next(k for k, _ in node.value if k.value == key)
                message = f"duplicate key (first at line {first.start_mark.line + 1})"
                raise _Bad(key_node.start_mark.line + 1, (key,), message)
            try:
                out[key] = _plain(value_node, containers)
            except _Bad as bad:
                bad.line = bad.line or key_node.start_mark.line + 1
                bad.path = (key, *bad.path)
                raise
        return out
    if tag == SEQ and kind is _SEQUENCE_NODE:
        items = []
        for i, item in enumerate(node.value):
            try:
                items.append(_plain(item, containers))
            except _Bad as bad:
                bad.line = bad.line or node.start_mark.line + 1
                bad.path = (i, *bad.path)
                raise
        return items
    if tag in SCALARS and node.__class__ is yaml.ScalarNode:
        if tag == INT and node.value.isdigit():
            return int(node.value)
        return _SCALAR.yaml_constructors[tag](_SCALAR, node)
    kind = tag.rsplit(":", 1)[-1]
    message = f"unsupported YAML type {kind!r}; quote the value to make it a string"
    raise _Bad(node.start_mark.line + 1, (), message)


def _line_of(root: yaml.Node, path: tuple) -> int:
    """The line of the key (or list item) that ``path`` names; its parent's line when it is missing."""
    node, line = root, root.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    node, line = value_node, key_node.start_mark.line + 1
                    break
            else:
                return line
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line
