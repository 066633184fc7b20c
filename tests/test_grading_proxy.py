"""The wire protocol and the proxy: values cross as data, and calls behave as in-process calls."""

from __future__ import annotations

import json
import resource

import numpy as np
import pytest

from quizzer.grading import wire
from quizzer.grading.process import Limits
from quizzer.grading.proxy import Submission, SubmissionProxy
from quizzer.grading.sandbox import Sandbox
from quizzer.suites.base import SubmissionCrashed, SubmissionProblem, SubmissionRaised

SOURCE = """\
import os
import sys

import numpy as np


def draw(rng, n):
    return rng.random(n)


def make_cache(x):
    return x * 2, {"x": x, "note": "kept"}


def use_cache(cache):
    return float(cache["x"].sum()), cache["note"]


def scalar(x):
    return np.float32(x)


def kw(a, b=1, *, c=2):
    return [a, b, c]


def bad(x):
    raise ValueError("x must be positive")


def boom(i):
    return [1][i]


def mutate(x):
    x[0] = 99
    return None


def environment():
    return (sorted(os.environ.items()), os.getcwd(), list(sys.path))


def refused(name):
    import importlib

    importlib.import_module(name)


def address_space():
    import resource

    return resource.getrlimit(resource.RLIMIT_AS)[0]


def die():
    os._exit(3)
"""
FUNCTIONS = ("draw", "make_cache", "use_cache", "scalar", "kw", "bad", "boom", "mutate",
             "environment", "refused", "address_space", "die")  # fmt: skip


@pytest.fixture(scope="module")
def loaded():
    sub = Submission(SOURCE, "helpers.py", FUNCTIONS, Limits(timeout=5, memory_mb=1536))
    assert sub.load(), sub.problem
    yield sub, SubmissionProxy(sub)
    sub.close()


def roundtrip(value):
    enc = wire.Encoder()
    tree = enc.encode(value)
    pieces = wire.pack({"value": tree}, enc.buffers)
    data = b"".join(bytes(p) for p in pieces)
    head_len, payload_len = wire.parse_prefix(data[: wire.PREFIX.size], 1 << 30)
    start = wire.PREFIX.size
    header, bufs = wire.split(data[start : start + head_len], bytearray(data[start + head_len :]))
    return wire.Decoder(bufs).decode(header["value"])


@pytest.mark.parametrize(
    "array",
    [
        np.arange(12, dtype=np.float32).reshape(3, 4),
        np.arange(12, dtype=np.float64).reshape(3, 4).T,  # not C-contiguous
        np.array([True, False]),
        np.array([1 + 2j, 3 - 1j]),
        np.zeros((0, 3)),
        np.array(2.5),
        np.arange(6, dtype=">i4"),
    ],
)
def test_arrays_cross_with_shape_dtype_and_values(array):
    got = roundtrip(array)
    assert isinstance(got, np.ndarray)
    assert got.shape == array.shape and got.dtype == array.dtype
    assert np.array_equal(got, array)
    assert got.flags.writeable


def test_plain_values_keep_their_types():
    value = (None, True, 3, 2.5, float("nan"), "text", [1, (2, 3)], np.float32(1.5), np.int64(7))
    got = roundtrip(value)
    assert type(got) is tuple and type(got[6]) is list and type(got[6][1]) is tuple
    assert got[:4] == value[:4] and np.isnan(got[4]) and got[5] == "text"
    assert type(got[7]) is np.float32 and type(got[8]) is np.int64


def test_the_same_array_twice_crosses_once():
    x = np.ones(5)
    enc = wire.Encoder()
    enc.encode((x, x, x.copy()))
    assert len(enc.buffers) == 2


@pytest.mark.parametrize(
    "dtype", ["|O", "[('a', '<f8'), ('b', '|O')]", "(2,)<f8", "|V8", "nonsense"]
)
def test_forged_dtypes_are_refused_never_unpickled(dtype):
    header = {"$": "nd", "dtype": dtype, "shape": [1], "buf": 0}
    with pytest.raises(wire.ProtocolError):
        wire.Decoder([memoryview(bytearray(8))]).decode(header)


@pytest.mark.parametrize(
    "tree",
    [
        {"$": "nd", "dtype": "<f8", "shape": [3], "buf": 0},  # size does not match the buffer
        {"$": "nd", "dtype": "<f8", "shape": [-1], "buf": 0},
        {"$": "nd", "dtype": "<f8", "shape": [1], "buf": 5},
        {"$": "pickle", "data": "gASV"},
        {"$": "rng", "state": {}},  # quizzer never builds generators from the worker's data
        ["bare", "list"],
    ],
)
def test_malformed_values_are_protocol_errors(tree):
    with pytest.raises(wire.ProtocolError):
        wire.Decoder([memoryview(bytearray(8))]).decode(tree)


def test_a_bad_prefix_or_oversized_message_is_refused():
    with pytest.raises(wire.ProtocolError):
        wire.parse_prefix(wire.PREFIX.pack(b"EVIL", 2, 0), 100)
    with pytest.raises(wire.ProtocolError):
        wire.parse_prefix(wire.PREFIX.pack(wire.MAGIC, 2, 10**12), 1 << 20)
    with pytest.raises(wire.ProtocolError):
        wire.split(json.dumps({"sizes": [4]}).encode(), b"12")


def test_a_reused_generator_advances_as_in_process(loaded):
    _, impl = loaded
    remote, local = np.random.default_rng(7), np.random.default_rng(7)
    first = impl.draw(remote, 4)
    second = impl.draw(remote, 4)
    assert np.array_equal(first, local.random(4))
    assert np.array_equal(second, local.random(4))
    assert remote.bit_generator.state == local.bit_generator.state


def test_other_bit_generators_cross_too(loaded):
    _, impl = loaded
    remote, local = (
        np.random.Generator(np.random.MT19937(3)),
        np.random.Generator(np.random.MT19937(3)),
    )
    assert np.array_equal(impl.draw(remote, 3), local.random(3))
    assert remote.random() == local.random()


def test_a_returned_object_stays_in_the_worker_as_a_handle(loaded):
    _, impl = loaded
    doubled, cache = impl.make_cache(np.arange(3.0))
    assert np.array_equal(doubled, [0.0, 2.0, 4.0])
    assert isinstance(cache, wire.Handle) and type(cache).__name__ == "dict"
    assert impl.use_cache(cache) == (3.0, "kept")


def test_scalars_keyword_arguments_and_lists(loaded):
    _, impl = loaded
    value = impl.scalar(1.5)
    assert type(value) is np.float32 and value == 1.5
    assert impl.kw(1, c=5) == [1, 1, 5]


def test_value_error_is_reraised_as_value_error(loaded):
    _, impl = loaded
    with pytest.raises(ValueError, match="x must be positive"):
        impl.bad(1)


def test_other_exceptions_name_the_type_and_line(loaded):
    _, impl = loaded
    with pytest.raises(SubmissionRaised) as info:
        impl.boom(3)
    assert info.value.exc_type == "IndexError"
    line = SOURCE.splitlines().index("    return [1][i]") + 1
    assert f"(line {line})" in str(info.value)


def test_in_place_changes_to_inputs_are_written_back(loaded):
    _, impl = loaded
    x = np.zeros(3)
    impl.mutate(x)
    assert x[0] == 99


def test_the_worker_environment_is_minimal(loaded):
    _, impl = loaded
    items, cwd, path = impl.environment()
    env = dict(items)
    assert set(env) <= {"PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "OMP_NUM_THREADS",
                        "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
                        "VECLIB_MAXIMUM_THREADS", "LC_CTYPE"}  # fmt: skip
    assert env["HOME"] == cwd and "quizzer-sandbox-" in cwd
    assert "QUIZZER_HOME" not in env
    assert not any(
        p and p.rstrip("/").endswith(("work/main", "site-packages/quizzer")) for p in path
    )


@pytest.mark.parametrize(
    "name", ["quizzer", "quizzer.suites.dropout", "solutions", "solutions.dropout"]
)
def test_imports_of_quizzer_and_solutions_are_refused(loaded, name):
    _, impl = loaded
    with pytest.raises(SubmissionRaised, match="not allowed in a submission"):
        impl.refused(name)


def test_the_address_space_limit_is_set(loaded):
    _, impl = loaded
    assert impl.address_space() == 1536 << 20


def test_a_handle_from_a_dead_worker_is_refused():
    sub = Submission(SOURCE, "helpers.py", FUNCTIONS, Limits(timeout=5))
    try:
        assert sub.load()
        impl = SubmissionProxy(sub)
        _, cache = impl.make_cache(np.ones(2))
        with pytest.raises(SubmissionCrashed, match="exited with status 3"):
            impl.die()
        with pytest.raises(SubmissionCrashed, match="lost"):
            impl.use_cache(cache)
        assert sub.restarts == 1
    finally:
        sub.close()


def test_a_function_the_file_lacks_is_named():
    sub = Submission("def draw(rng, n):\n    return 1\n", "f.py", ("draw", "other"), Limits())
    try:
        assert sub.load()
        with pytest.raises(SubmissionProblem, match=r"does not define other\(\)"):
            SubmissionProxy(sub).other()
    finally:
        sub.close()


def test_quizzer_keeps_its_own_limits():
    before = resource.getrlimit(resource.RLIMIT_AS)
    with Sandbox(Limits(memory_mb=512)) as box:
        reply, _ = box.request({"op": "compile", "source": "x = 1", "filename": "f.py"})
        assert reply["ok"]
    assert resource.getrlimit(resource.RLIMIT_AS) == before
