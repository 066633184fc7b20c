"""The wire's transport: a reply read straight from a pipe, and freed blocks reused."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import numpy as np
import pytest

from quizzer.grading import wire


def _pipe_pair():
    r, w = os.pipe()
    os.set_blocking(r, False)
    return r, w


def _read_all(reader: wire.Reader, fd: int):
    while True:
        try:
            message = reader.read_from(fd)
        except BlockingIOError:
            continue
        if message is not None:
            return message


def test_a_message_larger_than_the_pipe_arrives_whole():
    array = np.arange(300_000, dtype=np.float64)  # 2.4 MB: many times a pipe's buffer
    encoder = wire.Encoder()
    header = {"ok": True, "value": encoder.encode((array, "done"))}
    r, w = _pipe_pair()
    writer = threading.Thread(target=wire.write_message, args=(w, header, encoder.buffers))
    writer.start()
    got, buffers = _read_all(wire.Reader(64 << 20), r)
    writer.join()
    value = wire.Decoder(buffers).decode(got["value"])
    assert value[1] == "done" and np.array_equal(value[0], array)
    os.close(r), os.close(w)


def test_the_reader_takes_nothing_past_its_message():
    """Two messages in the pipe: each read ends at its own message's last byte."""
    r, w = _pipe_pair()
    for n in (1, 2):
        wire.write_message(w, {"n": n}, [bytes([n]) * 10])
    for n in (1, 2):
        header, buffers = _read_all(wire.Reader(1 << 20), r)
        assert header["n"] == n and bytes(buffers[0]) == bytes([n]) * 10
    with pytest.raises(BlockingIOError):
        wire.Reader(1 << 20).read_from(r)
    os.close(r), os.close(w)


def test_end_of_file_and_oversized_or_forged_messages():
    r, w = _pipe_pair()
    os.write(w, wire.PREFIX.pack(wire.MAGIC, 2, 10)[:5])  # a prefix cut short, then the end
    os.close(w)
    reader = wire.Reader(1 << 20)
    assert reader.read_from(r) is None
    with pytest.raises(EOFError):
        reader.read_from(r)
    os.close(r)
    for prefix, error in (
        (wire.PREFIX.pack(b"EVIL", 2, 10), "bad message prefix"),
        (wire.PREFIX.pack(wire.MAGIC, 2, 1 << 30), "too large"),
    ):
        r, w = _pipe_pair()
        os.write(w, prefix)
        with pytest.raises(wire.ProtocolError, match=error):
            wire.Reader(1 << 20).read_from(r)
        os.close(r), os.close(w)


FAULTS = """
import resource, sys
sys.path.insert(0, {root!r})
from quizzer.grading import wire
if {reuse}:
    assert wire.reuse_freed_memory()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for i in range(1, 21):  # growing blocks: glibc's own adaptive threshold never catches up
    block = bytearray(i * 256 * 1024)
    del block
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_blocks_are_reused_instead_of_faulted_in_again():
    """20 blocks of 0.25 to 5 MB (52 MB in all): fresh pages every time without the
    setting (one fault per 4 KB page), the same pages again with it."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def faults(reuse: bool) -> int:
        code = FAULTS.format(root=root, reuse=reuse)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if out.returncode and "AssertionError" in out.stderr:
            pytest.skip("malloc here is not glibc's")
        return int(out.stdout)

    pages = 52 * 1024 * 1024 // 4096
    assert faults(False) > pages // 2
    assert faults(True) < pages // 5
