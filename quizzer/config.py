"""User-facing settings resolved from options and the environment."""

from __future__ import annotations

import locale
import os

LANGS = ("en", "zh")


def resolve_lang(option: str | None = None) -> str:
    """``--lang`` if given, then ``$QUIZZER_LANG``, then the locale, then English."""
    for value in (option, os.environ.get("QUIZZER_LANG")):
        if value:
            value = value.strip().lower()
            if value not in LANGS:
                raise ValueError(f"unknown language {value!r}: choose one of {', '.join(LANGS)}")
            return value
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        loc = os.environ.get(var)
        if loc:
            return "zh" if loc.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"
