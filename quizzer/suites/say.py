"""Messages in both languages, as the suites write them.

A message is plain text when it reads the same in English and Chinese (code,
numbers) and a ``Text(en=..., zh=...)`` otherwise. ``say`` fills placeholders
in each language with the parts' own language; ``join`` puts messages one after
another; ``tidy_zh`` removes the spaces Chinese typesetting does not have.
"""

from __future__ import annotations

import re

from quizzer.cards import Text

_CJK_SPACE = re.compile(  # "（…）的", not "（…） 的"
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)
Say = str | Text  # a message: plain text (code, numbers: the same in both languages) or Text


def en(text: Say) -> str:
    return text.en if isinstance(text, Text) else str(text)


def zh(text: Say) -> str:
    return text.zh if isinstance(text, Text) else str(text)


def say(en_text: str, zh_text: str, **parts: Say) -> Text:
    """A message in both languages; ``{name}`` placeholders take ``parts`` in each language."""
    return Text(
        en=en_text.format(**{k: en(v) for k, v in parts.items()}),
        zh=zh_text.format(**{k: zh(v) for k, v in parts.items()}),
    )


def join(*texts: Say) -> Text:
    """Messages one after another (an empty part is skipped)."""
    return Text(en="".join(en(t) for t in texts), zh="".join(zh(t) for t in texts))


def tidy_zh(text: str) -> str:
    """No space between two CJK characters or full-width marks."""
    return _CJK_SPACE.sub("", text)
