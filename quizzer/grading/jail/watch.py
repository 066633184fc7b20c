"""Escape attempts, seen from inside: what the submission tried that the jail refuses.

A Python audit hook (``sys.addaudithook``, which cannot be removed) notes each
attempt to open or list a path outside the allow-list, to connect, bind or
send on a socket, to signal another process, to start a program, or to load
native code through ``ctypes``. The jail refuses them anyway; the list is a
second signal for the teacher (``grade``'s integrity flags), never the
protection itself: code that reaches the list could empty it.
"""

import os
import sys

MAX = 20  # attempts kept per reply
_SOCKET = {"socket.connect": "connect", "socket.bind": "bind", "socket.sendto": "send"}
_PROGRAM = {"subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system", "pty.spawn"}
_PATHS = {"open", "os.listdir", "os.scandir", "os.chmod", "os.remove", "os.rename", "os.symlink"}


def install(reads, tmp):
    """Start noting attempts; returns ``drain()``, which hands over (and forgets) the ones so far."""
    exact = {path for path, access in reads if access == 8} if reads is not None else set()
    roots = tuple(p for p, access in (reads or ()) if access != 8) + (tmp, "/dev/")
    found = []
    me = os.getpid()
    abspath = os.path.abspath

    def outside(path):
        if isinstance(path, int) or reads is None:
            return False
        if isinstance(path, bytes):
            path = path.decode(errors="replace")
        if not isinstance(path, str):
            return False
        full = abspath(path)
        return full not in exact and not (full + "/").startswith(
            tuple(r if r.endswith("/") else r + "/" for r in roots)
        )

    def note(what, target):
        if len(found) < MAX:
            found.append({"what": what, "target": str(target)[:300]})

    def hook(event, args):
        if event in _PATHS:
            if args and outside(args[0]):
                note("open" if event == "open" else event.removeprefix("os."), args[0])
        elif event in _SOCKET:
            note(_SOCKET[event], args[1] if len(args) > 1 else "")
        elif event in ("os.kill", "os.killpg"):
            if args and args[0] not in (0, me):
                note("signal", f"pid {args[0]}")
        elif event in _PROGRAM:
            note("program", args[0] if args else "")
        elif event == "ctypes.dlopen":
            note("native code", args[0] if args else "")

    sys.addaudithook(hook)

    def drain():
        taken = list(found)
        found.clear()
        return taken

    return drain
