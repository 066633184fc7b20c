"""Reading the learner's input: single keys and pasted answers on a terminal, lines when piped.

Two readers with one interface (``key``, ``line``, ``answer``):

* ``Lines`` (piped input, and tests): one line per prompt, as before. A typed
  answer is the lines up to an empty one (or EOF).
* ``Keys`` (a terminal): ``key`` returns one key press without Enter;
  ``answer`` is a small line editor with **bracketed paste**: a pasted block is
  part of the answer whatever it holds (blank lines included), and the answer
  ends only on an explicit key: an empty line typed by hand, or Ctrl-D. An
  Enter that arrives together with more input (a terminal without bracketed
  paste) is a pasted newline, not the end. Whatever is still buffered when the
  answer ends is discarded, so nothing typed or pasted into the answer can
  reach the rating prompt.

Keys are plain strings: ``"3"``, ``"u"``, ``"enter"``, ``"space"``. EOF (Ctrl-D
at a key prompt) raises ``EOFError``; Ctrl-C raises ``KeyboardInterrupt``.
"""

from __future__ import annotations

import codecs
import os
import select
import sys
from collections.abc import Callable, Collection
from typing import TextIO

from rich.cells import cell_len

PASTE_ON, PASTE_OFF = "\x1b[?2004h", "\x1b[?2004l"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
# an Enter followed by more input within this time was pasted, not typed (no person types that fast)
PASTE_GAP = 0.025


class Lines:
    """Line-per-prompt input (``read`` is ``input`` or a reader over a pipe)."""

    interactive = False

    def __init__(self, read: Callable[[str], str]):
        self.read = read

    def key(self, prompt: str) -> str:
        line = self.read(prompt)
        return "enter" if not line.strip() else line.strip()

    def line(self, prompt: str) -> str:
        return self.read(prompt)

    def answer(self, first: str, more: str, stops: Collection[str] = ()) -> tuple[str, bool]:
        """Lines until an empty one; ``(text, True)`` if input ended (EOF) after some text.

        A first line that is one of ``stops`` (``q``, ``u``) is returned at once.
        """
        lines: list[str] = []
        while True:
            try:
                line = self.read(more if lines else first)
            except EOFError:
                if not lines:
                    raise
                return "\n".join(lines), True
            if not line.strip():
                return "\n".join(lines), False
            if not lines and line.strip().lower() in stops:
                return line, False
            lines.append(line)


class Keys:
    """Single keys and a paste-safe answer editor on a terminal (POSIX termios)."""

    interactive = True

    def __init__(self, fd: int | None = None, out: TextIO | None = None):
        self.fd = sys.stdin.fileno() if fd is None else fd
        self.out = out or sys.stdout
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""
        self._saved = None  # the terminal's own mode while a session holds it in cbreak

    def __enter__(self) -> Keys:
        """Hold the terminal in cbreak mode for a whole session: keys pressed while a
        card is drawn are neither echoed nor lost. After Ctrl-Z and ``fg`` the shell has
        reset the terminal; SIGCONT puts cbreak back."""
        import signal

        self._saved = self._cbreak()
        self._on_cont = signal.signal(signal.SIGCONT, lambda *_: self._resume())
        return self

    def _resume(self) -> None:
        import termios
        import tty

        if self._saved is not None:
            tty.setcbreak(self.fd, termios.TCSANOW)

    def __exit__(self, *exc: object) -> None:
        import signal

        if self._saved is not None:
            signal.signal(signal.SIGCONT, self._on_cont)
            self._restore(self._saved)
            self._saved = None

    # -- the terminal ------------------------------------------------------------------

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def _cbreak(self):
        """No echo, no line buffering (Ctrl-C still interrupts); None if already so."""
        import termios
        import tty

        if self._saved is not None:
            return None
        saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd, termios.TCSANOW)  # TCSANOW: keep what was typed ahead
        return saved

    def _restore(self, saved) -> None:
        import termios

        if saved is not None:
            termios.tcsetattr(self.fd, termios.TCSANOW, saved)

    def _more(self, timeout: float) -> bool:
        """Input already buffered, or arriving within ``timeout`` seconds."""
        return bool(self._pending) or bool(select.select([self.fd], [], [], timeout)[0])

    def _char(self) -> str:
        """The next character (blocking); a whole escape sequence counts as one."""
        ch = self._char_raw()
        if ch != "\x1b":
            return ch
        if not self._more(0.01):
            return ch
        seq = ch + self._char_raw()
        if seq[-1] in "[O":  # CSI / SS3: parameters, then a final byte
            while True:
                c = self._char_raw()
                seq += c
                if "@" <= c <= "~" and c != "[":
                    break
        return seq

    def _char_raw(self) -> str:
        """The next character of the input, decoded from UTF-8 (blocking)."""
        while not self._pending:
            data = os.read(self.fd, 4096)
            if not data:
                raise EOFError
            self._pending += self._decoder.decode(data)
        ch, self._pending = self._pending[0], self._pending[1:]
        return ch

    def discard(self) -> None:
        """Drop everything typed or pasted but not read yet."""
        import termios

        self._pending = ""
        termios.tcflush(self.fd, termios.TCIFLUSH)
        while self._more(0):
            if not os.read(self.fd, 4096):
                break

    # -- the three reads ---------------------------------------------------------------

    def key(self, prompt: str) -> str:
        """One key press: ``"enter"``, ``"space"``, ``"esc"`` or the character typed."""
        saved = self._cbreak()
        self._write(prompt)
        try:
            while True:
                ch = self._char()
                if ch == "\x04":
                    raise EOFError
                if ch == PASTE_START:  # a paste at a key prompt is ignored, whole
                    while self._char() != PASTE_END:
                        pass
                    continue
                name = {"\n": "enter", "\r": "enter", " ": "space", "\x1b": "esc"}.get(ch, ch)
                if len(name) == 1 and not name.isprintable() or name.startswith("\x1b"):
                    continue
                self._write((ch if len(ch) == 1 and ch.isprintable() and ch != " " else "") + "\n")
                return name
        finally:
            self._restore(saved)

    def line(self, prompt: str) -> str:
        text, _ = self._edit(prompt, prompt, single=True)
        return text

    def answer(self, first: str, more: str, stops: Collection[str] = ()) -> tuple[str, bool]:
        """A multi-line answer, ended by an empty line typed by hand or Ctrl-D; returns
        ``(text, False)`` (the session goes on to the rating). Ctrl-D on nothing: EOFError.

        A first line that is one of ``stops`` (``q``, ``u``), typed and entered, is returned at once.
        """
        return self._edit(first, more, single=False, stops=stops)

    def _edit(
        self, first: str, more: str, *, single: bool, stops: Collection[str] = ()
    ) -> tuple[str, bool]:
        lines: list[str] = []
        line = ""
        pasting = False
        saved = self._cbreak()
        self._write(PASTE_ON + first)
        try:
            while True:
                ch = self._char()
                if ch == PASTE_START:
                    pasting = True
                    continue
                if ch == PASTE_END:
                    pasting = False
                    continue
                if ch in "\r\n":
                    if single:
                        self._write("\n")
                        return line, False
                    typed_by_hand = not pasting and not self._more(PASTE_GAP)
                    if not line and typed_by_hand:  # an empty line typed by hand ends it
                        self._write("\n")
                        return "\n".join(lines), False
                    if typed_by_hand and not lines and line.strip().lower() in stops:
                        self._write("\n")
                        return line, False
                    lines.append(line)
                    line = ""
                    self._write("\n" + more)
                elif ch == "\x04" and not pasting:  # Ctrl-D: the answer ends here
                    self._write("\n")
                    if not lines and not line:
                        raise EOFError
                    return "\n".join([*lines, line]).rstrip("\n"), False
                elif ch in ("\x7f", "\x08"):
                    if line:
                        last, line = line[-1], line[:-1]
                        width = cell_len(last)
                        self._write("\b" * width + " " * width + "\b" * width)
                    elif lines:  # back onto the previous line (redrawn)
                        line = lines.pop()
                        self._write("\r\x1b[K\x1b[A\r\x1b[K" + (more if lines else first) + line)
                elif ch == "\x15":  # Ctrl-U: clear the line
                    self._write("\r\x1b[K" + (more if lines else first))
                    line = ""
                elif ch == "\t" or (len(ch) == 1 and ch.isprintable()):
                    ch = "    " if ch == "\t" else ch  # a tab is drawn and erased as spaces
                    line += ch
                    self._write(ch)
                # other control keys and escape sequences (arrows...) are ignored
        finally:
            self._write(PASTE_OFF)
            self._restore(saved)
            self.discard()  # nothing left over reaches the next prompt
