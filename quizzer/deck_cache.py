"""Parse card files, through a cache, so large decks load fast the second time.

One cache file per deck folder in ``<home>/cache/``, written with ``marshal``
(plain data only: lists, tuples, strings, numbers; never pickle), column by
column: the file names, and for each file its size, mtime, when it was last
checked, its content hash, and what parsing found: the card's summary row (the
fields ``list`` shows and the deck checks need, see ``ROW``), the lines of
``id``, ``number`` and ``solution``, and the file's problems. The full text of
a card is read again from its YAML file when it is first used (see
``quizzer.deck``), so the cache stays small and loads in one ``marshal.loads``.

An entry is trusted on size + mtime alone once the file is older than the
moment it was last checked (minus a slack for coarse filesystem clocks);
otherwise the file is read and its hash compared, and it is parsed again only
when the content really changed. Many files to parse are spread over the CPUs
(forked workers, the main process taking a share). A cache that cannot be read
is ignored and rewritten; one that cannot be written is skipped: the cache is
never an error.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
from pathlib import Path
from typing import Any

CACHE_FORMAT = 3
RACY_NS = 2_000_000_000  # FAT keeps mtimes to 2 s; a file this close to its check is re-hashed
PARALLEL_FROM = 400  # files to parse before worker processes pay off
# a card's summary row: what ``list`` shows and the deck-wide checks need, title flattened
ROW = ("id", "number", "title_en", "title_zh", "tags", "difficulty", "challenge", "solution",
       "figure")  # fmt: skip
LINE_KEYS = ("id", "number", "solution")  # the keys deck-wide checks point at, in this order
COLUMNS = ("names", "sizes", "mtimes", "checked", "digests", "rows", "lines", "problems")

Row = tuple  # ROW's values as parsed (any type when the card has problems), or None
# what one file gives: (row or None when the file is no mapping, lines, problems)
Parsed = tuple[Row | None, tuple[int, int, int], tuple[tuple[int, str, str], ...]]


def summarize(data: Any) -> Row | None:
    """The summary row of parsed card data; repeated values interned, so the cache stores them once."""
    if not isinstance(data, dict):
        return None
    title = data.get("title")
    en, zh = (title.get("en"), title.get("zh")) if isinstance(title, dict) else (None, None)
    tags = data.get("tags")
    tags = tuple(_intern(t) for t in tags) if isinstance(tags, list) else tags
    return (data.get("id"), data.get("number"), en, zh, tags, data.get("difficulty"),
            *(_intern(data.get(k)) for k in ("challenge", "solution", "figure")))  # fmt: skip


def _intern(value: Any) -> Any:
    return sys.intern(value) if type(value) is str else value


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def parse_file(path: str | Path) -> tuple | OSError:
    """Read, hash and parse one card file: ``(size, mtime_ns, digest, row, lines, problems)``."""
    from quizzer.deck_yaml import parse_card  # imports yaml: only when a file must be parsed

    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            raw = fh.read()
    except OSError as exc:
        return exc
    data, lines, problems = parse_card(raw)
    where = tuple(lines.get(key, 0) for key in LINE_KEYS)
    return st.st_size, st.st_mtime_ns, _digest(raw), summarize(data), where, tuple(problems)


def _parse_many(paths: list[str]) -> list[tuple | OSError]:
    return [parse_file(p) for p in paths]


def _workers() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _parse_all(paths: list[str]) -> list[tuple | OSError]:
    workers = _workers()
    if len(paths) < PARALLEL_FROM or workers < 2:
        return _parse_many(paths)
    chunks = [paths[i::workers] for i in range(workers)]
    if sys.platform.startswith("linux"):
        results = _forked(chunks)
    else:  # pragma: no cover - no cheap fork: a process pool
        results = _pooled(chunks)
    out: list[Any] = [None] * len(paths)
    for i, chunk in enumerate(results):
        out[i::workers] = chunk
    return out


def _forked(chunks: list[list[str]]) -> list[list[tuple | OSError]]:
    """Each chunk but the first parsed by a forked child that sends its results back as marshal
    data; the first parsed here meanwhile. A child that fails has its chunk parsed here."""
    import quizzer.deck_yaml  # noqa: F401 - imported once, before the fork

    children: list[tuple[int, int] | None] = []
    for chunk in chunks[1:]:
        try:
            read_end, write_end = os.pipe()
            pid = os.fork()
        except OSError:
            children.append(None)
            continue
        if pid == 0:  # pragma: no cover - the child (coverage does not follow forks)
            try:
                os.close(read_end)
                results = [
                    r if type(r) is tuple else (r.errno, r.strerror) for r in _parse_many(chunk)
                ]
                with os.fdopen(write_end, "wb") as fh:
                    fh.write(marshal.dumps(results))
            finally:
                os._exit(0)
        os.close(write_end)
        children.append((pid, read_end))
    out = [_parse_many(chunks[0])]
    for chunk, child in zip(chunks[1:], children, strict=True):
        results = None
        if child is not None:
            pid, read_end = child
            with os.fdopen(read_end, "rb") as fh:
                data = fh.read()
            os.waitpid(pid, 0)
            try:
                results = marshal.loads(data)
            except (EOFError, ValueError, TypeError):
                results = None
        if type(results) is not list or len(results) != len(chunk):
            out.append(_parse_many(chunk))
            continue
        out.append(
            [
                r if len(r) > 2 else OSError(r[0], r[1], p)
                for r, p in zip(results, chunk, strict=True)
            ]
        )
    return out


def _pooled(chunks: list[list[str]]) -> list[list[tuple | OSError]]:  # pragma: no cover
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(len(chunks)) as pool:
            return list(pool.map(_parse_many, chunks))
    except (OSError, RuntimeError):  # no processes available: parse here
        return [_parse_many(chunk) for chunk in chunks]


def _cache_file(folder: Path) -> Path:
    from quizzer import __version__
    from quizzer.paths import home

    # the schema that judged the cards is part of the key: a changed rule re-checks every card
    rules = os.stat(Path(__file__).with_name("schema.py"))
    key = hashlib.blake2b(
        f"{folder}\0{rules.st_mtime_ns}\0{rules.st_size}".encode("utf-8", "surrogateescape"),
        digest_size=10,
    ).hexdigest()
    return home() / "cache" / f"deck-{key}-v{CACHE_FORMAT}-{__version__}.marshal"


def _read_cache(path: Path) -> dict[str, list]:
    """The cache's columns, or nothing when the file is missing, damaged or of another format.

    The checks are whole-column ones (``map`` runs in C): loading stays one ``marshal.loads``.
    """
    try:
        fmt, *columns = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if fmt != CACHE_FORMAT or len(columns) != len(COLUMNS):
        return {}
    if not all(type(c) is list and len(c) == len(columns[0]) for c in columns):
        return {}
    cached = dict(zip(COLUMNS, columns, strict=True))
    types = {c: set(map(type, cached[c])) for c in COLUMNS}
    rows = [r for r in cached["rows"] if r is not None]
    problems = [p for found in cached["problems"] for p in found]
    good = (
        types["names"] <= {str}
        and types["sizes"] | types["mtimes"] | types["checked"] <= {int}
        and types["digests"] <= {bytes}
        and types["rows"] <= {tuple, type(None)}
        and set(map(len, rows)) <= {len(ROW)}
        and types["lines"] <= {tuple}
        and set(map(len, cached["lines"])) <= {len(LINE_KEYS)}
        and types["problems"] <= {tuple}
        and all(type(p) is tuple and len(p) == 3 for p in problems)
    )
    return cached if good else {}


def _write_cache(path: Path, columns: dict[str, list]) -> None:
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".deck-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps((CACHE_FORMAT, *(columns[c] for c in COLUMNS))))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        pass  # a read-only or full disk costs speed, never correctness


def read_folder(
    folder: Path, names: list[str], stats: list | None = None, *, use_cache: bool = True
) -> list[Parsed | OSError]:
    """What parsing found in each of the card files ``names`` of ``folder``, in that order.

    ``stats`` may give, for each name, an object with a ``stat()`` method (the
    ``os.DirEntry`` the caller listed the folder with), so no path is built
    for a file the cache knows. An unreadable file gives its ``OSError``.
    """
    cache_path = _cache_file(folder) if use_cache else None
    cached = _read_cache(cache_path) if cache_path else {}
    known = cached.get("names", [])
    index = None if known == names else {name: i for i, name in enumerate(known)}
    sizes, mtimes, checked = cached.get("sizes"), cached.get("mtimes"), cached.get("checked")
    rows, lines, problems = cached.get("rows"), cached.get("lines"), cached.get("problems")
    now = time.time_ns()
    base = str(folder)
    found: list[os.stat_result] = []
    if stats and index is None and cached:  # the usual second run: one stat per file, no more
        try:
            found = [entry.stat() for entry in stats]
        except OSError:
            found = []  # a file went away: the loop below tells which
        if found and all(
            st.st_size == size and st.st_mtime_ns == mtime and st.st_mtime_ns < seen - RACY_NS
            for st, size, mtime, seen in zip(found, sizes, mtimes, checked, strict=True)
        ):
            return list(zip(rows, lines, problems, strict=True))
    out: list[Any] = []
    # per file, what the new cache holds: the index of an unchanged entry, or a new entry
    entries: list[int | tuple | None] = []
    to_parse: list[int] = []  # positions in ``names``
    for i, name in enumerate(names):
        try:
            st = (
                found[i]
                if found
                else stats[i].stat()
                if stats
                else os.stat(os.path.join(base, name))
            )
        except OSError as exc:
            out.append(exc)
            entries.append(None)
            continue
        j = i if index is None else index.get(name, -1)
        if j < 0:
            to_parse.append(i)
        elif (
            sizes[j] == st.st_size
            and mtimes[j] == st.st_mtime_ns
            and st.st_mtime_ns < checked[j] - RACY_NS
        ):
            out.append((rows[j], lines[j], problems[j]))
            entries.append(j)
            continue
        else:  # size or mtime changed, or too close to the last check to be sure: compare content
            try:
                with open(os.path.join(base, name), "rb") as fh:
                    digest = _digest(fh.read())
            except OSError as exc:
                out.append(exc)
                entries.append(None)
                continue
            if digest != cached["digests"][j]:
                to_parse.append(i)
            else:
                out.append((rows[j], lines[j], problems[j]))
                entries.append((name, st.st_size, st.st_mtime_ns, now, digest, *out[-1]))
                continue
        out.append(None)
        entries.append(None)
    paths = [os.path.join(base, names[i]) for i in to_parse]
    for i, result in zip(to_parse, _parse_all(paths), strict=True):
        if isinstance(result, OSError):
            out[i] = result
            continue
        size, mtime_ns, digest, *parsed = result
        out[i] = tuple(parsed)
        entries[i] = (names[i], size, mtime_ns, now, digest, *parsed)
    if cache_path and (index is not None or any(type(e) is not int for e in entries)):
        _write_cache(cache_path, _columns(cached, entries))
    return out


def _columns(cached: dict[str, list], entries: list[int | tuple | None]) -> dict[str, list]:
    """The new cache: unchanged entries copied from the old one, new ones added, in file order."""
    fresh: dict[str, list] = {c: [] for c in COLUMNS}
    for entry in entries:
        if entry is None:
            continue
        values = (cached[c][entry] for c in COLUMNS) if type(entry) is int else entry
        for column, value in zip(COLUMNS, values, strict=True):
            fresh[column].append(value)
    return fresh
