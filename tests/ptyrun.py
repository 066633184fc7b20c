"""Drive ``quizzer`` in a pseudo-terminal (stdlib ``pty``), as a person at a keyboard would."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


class Terminal:
    """A child process on a pty: ``expect`` text on its screen, ``send`` keys or a paste."""

    def __init__(self, args: list[str], env: dict[str, str], rows: int = 24, cols: int = 80):
        import fcntl
        import struct
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = dict(env, TERM="xterm", COLUMNS=str(cols), LINES=str(rows), PAGER="cat")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "quizzer", *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        self.raw = ""
        self._seen = 0

    @property
    def text(self) -> str:
        return ANSI.sub("", self.raw)

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the child closed the terminal
            return False
        if not data:
            return False
        self.raw += data.decode("utf-8", "replace")
        return True

    def expect(self, pattern: str, timeout: float = 20) -> str:
        """Wait until ``pattern`` (a regex) appears after what the last ``expect`` matched."""
        deadline = time.monotonic() + timeout
        while True:
            match = re.compile(pattern).search(self.text, self._seen)
            if match:
                self._seen = match.end()
                return match.group()
            left = deadline - time.monotonic()
            if left <= 0 or (not self._read(min(left, 0.5)) and self.proc.poll() is not None):
                if not self._read(0.2):
                    raise AssertionError(
                        f"{pattern!r} never appeared; screen:\n{self.text[-3000:]}"
                    )

    def send(self, data: str, pause: float = 0.15) -> None:
        """Keys as typed by hand: a pause after, so an Enter is seen alone."""
        os.write(self.master, data.encode())
        time.sleep(pause)

    def paste(self, text: str, bracketed: bool = True) -> None:
        """What a terminal sends for a paste: newlines as CR, inside the paste brackets if on."""
        body = text.replace("\n", "\r")
        self.send(f"\x1b[200~{body}\x1b[201~" if bracketed else body)

    def wait(self, timeout: float = 20) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.2)
        while self._read(0.1):
            pass
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            raise AssertionError(f"still running; screen:\n{self.text[-3000:]}")
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)
