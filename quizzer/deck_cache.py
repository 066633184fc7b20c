"""A cache of parsed card files, so large decks load fast the second time.

One cache file per deck folder in ``<home>/cache/``, written with ``marshal``
(plain data only: dicts, lists, strings, numbers; never pickle). Each entry is
keyed by the card file's name and remembers the file's size, mtime and content
hash. An entry is trusted on size + mtime alone once the file is older than the
moment it was last checked (minus a slack for coarse filesystem clocks);
otherwise the file is read and its hash compared, and it is parsed again only
when the content really changed. A cache that cannot be read is ignored and
rewritten; a cache that cannot be written is skipped: the cache is never an error.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
import time
from pathlib import Path
from typing import Any

CACHE_FORMAT = 1
RACY_NS = 2_000_000_000  # FAT keeps mtimes to 2 s; a file this close to its check is re-hashed

Parsed = tuple[Any, dict[str, int], list[tuple[int, str, str]]]  # data, key lines, problems


def _parse(raw: bytes) -> Parsed:
    from quizzer.deck_yaml import parse_card  # imports yaml: only when a file must be parsed

    return parse_card(raw)


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _cache_file(folder: Path) -> Path:
    from quizzer import __version__
    from quizzer.paths import home

    key = hashlib.blake2b(
        str(folder).encode("utf-8", "surrogateescape"), digest_size=10
    ).hexdigest()
    return home() / "cache" / f"deck-{key}-v{CACHE_FORMAT}-{__version__}.marshal"


def _read_cache(path: Path) -> dict[str, tuple]:
    try:
        fmt, entries = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if fmt != CACHE_FORMAT or not isinstance(entries, dict):
        return {}
    return entries


def _write_cache(path: Path, entries: dict[str, tuple]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".deck-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps((CACHE_FORMAT, entries)))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        pass  # a read-only or full disk costs speed, never correctness


def _valid_entry(entry: Any) -> bool:
    """An entry as written by ``read_folder``: (size, mtime_ns, checked_ns, digest, data, lines, problems)."""
    return (
        isinstance(entry, tuple)
        and len(entry) == 7
        and all(isinstance(x, int) for x in entry[:3])
        and isinstance(entry[3], str)
        and isinstance(entry[5], dict)
        and isinstance(entry[6], list)
        and all(isinstance(p, tuple) and len(p) == 3 for p in entry[6])
    )


def read_folder(
    folder: Path, names: list[str], *, use_cache: bool = True
) -> dict[str, Parsed | OSError]:
    """Parse the card files ``names`` of ``folder``; an unreadable file maps to its OSError."""
    cache_path = _cache_file(folder) if use_cache else None
    entries = _read_cache(cache_path) if cache_path else {}
    now = time.time_ns()
    fresh: dict[str, tuple] = {}
    changed = False
    out: dict[str, Parsed | OSError] = {}
    for name in names:
        path = folder / name
        try:
            st = path.stat()
        except OSError as exc:
            out[name] = exc
            continue
        entry = entries.get(name)
        if not _valid_entry(entry):
            entry = None
        if (
            entry
            and entry[0] == st.st_size
            and entry[1] == st.st_mtime_ns
            and st.st_mtime_ns < entry[2] - RACY_NS
        ):
            fresh[name] = entry
            out[name] = entry[4:]
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:
            out[name] = exc
            continue
        digest = _digest(raw)
        parsed = entry[4:] if entry and entry[3] == digest else _parse(raw)
        fresh[name] = (st.st_size, st.st_mtime_ns, now, digest, *parsed)
        out[name] = parsed
        changed = True
    if cache_path and (changed or len(fresh) != len(entries)):
        _write_cache(cache_path, fresh)
    return out
