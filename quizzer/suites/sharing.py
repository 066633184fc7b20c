"""Probes that read the same outputs share one call of the implementation.

Diagnosis runs every probe of a challenge on a learner's implementation, and
several probes look at the same call (the mean of ``out`` and the drop rate of
``mask`` of one ``dropout_forward``). Inside ``sharing()`` (one diagnosis pass),
``shared(key, compute)`` calls ``compute`` once per key and hands every later
probe with that key the same outputs, or the same exception. A probe that must
call twice (to see whether the same seed gives the same mask) calls directly.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any

_CALLS: contextvars.ContextVar[dict | None] = contextvars.ContextVar("probe_calls", default=None)


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """One pass of probes over one implementation: its calls are shared within it."""
    token = _CALLS.set({})
    try:
        yield
    finally:
        _CALLS.reset(token)


def shared(key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, once per ``key`` inside ``sharing()``; outside it, every time."""
    calls = _CALLS.get()
    if calls is None:
        return compute()
    if key not in calls:
        try:
            calls[key] = (True, compute())
        except Exception as exc:  # noqa: BLE001 - every probe of this call fails alike
            calls[key] = (False, exc)
    ok, value = calls[key]
    if ok:
        return value
    raise value
