"""The words of the interface around the cards, in English and Chinese.

Card text lives in the card files; two tables hold everything else a learner
reads (prompts, labels, column headers, status words): ``review`` for ``quiz``,
``today`` and ``stats``, ``challenges`` for ``check``, ``doctor``, ``bundle``
and the challenges as a path. ``t("rate.prompt", "zh", hint="")`` looks a
string up in either and fills its ``{placeholders}``. The Chinese follows
Anki's Chinese interface where Anki has a word (重来/困难/良好/简单) and the
terms Chinese ML engineers use.

Only what a person reads is translated: ``--json`` keys and ids, keyboard
input (1-4, Enter, q) and usage errors (exit code 2: no such file, unknown
option) stay English. What ``check`` says about a submission (test messages,
hints, load problems) carries both languages from where it is written
(``quizzer.suites.base.say``). A test checks that every key has both languages
with the same placeholders, is used somewhere and is in one table only.
"""

from __future__ import annotations

from quizzer.i18n import challenges, review

TEXTS: dict[str, dict[str, str]] = {**review.TEXTS, **challenges.TEXTS}


def t(key: str, lang: str, **fmt: object) -> str:
    """The text of ``key`` in ``lang`` (English if ``lang`` is unknown), ``fmt`` filled in."""
    entry = TEXTS[key]
    text = entry.get(lang, entry["en"])
    return text.format(**fmt)
