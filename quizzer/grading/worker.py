"""The sandbox worker: the only process that runs a learner's code.

Run by path, never imported: ``python -I -u worker.py CONFIG_JSON``, or as a
child of the fork server (``python -I -u worker.py --zygote FD``, see
``zygote.py``), which calls the same ``main(config)`` after forking. It must not
import ``quizzer`` (the learner's code runs here); it loads ``wire.py`` next to
it by file path. Before any learner code runs it joins its pids cgroup (when
quizzer runs as root), imports NumPy, refuses imports of ``quizzer`` and
``solutions``, and sets its resource limits. Then it serves requests read from
the request pipe and answers on the response pipe; the learner's stdout and
stderr go to a capped pipe quizzer drains.

Requests (``op``): ``compile`` (the submission's source; syntax errors come back
with their line), ``time_reference`` (in a worker of its own that never sees the
learner's code: load the reference from its source, time it on the standard
inputs), ``exec`` (run
the submission's module body), ``call`` (one function call), ``time`` (time a
submission function), ``bye``.
"""

import builtins
import gc
import importlib
import json
import os
import resource
import signal
import sys
import time
import traceback

_HERE = os.path.dirname(os.path.abspath(__file__))
_CONFIG = {}
_REQ = _RESP = -1
MAX_PAYLOAD = 0
np = wire = None  # loaded by ``_load()``: NumPy, and ``wire.py`` by file path


def _load():
    """Import NumPy and the wire protocol (once: the fork server does it before any fork)."""
    global np, wire
    if wire is not None:
        return
    import importlib.util

    import numpy
    import numpy.random  # noqa: F401 - every worker needs it (rng); loaded before any uid drop

    spec = importlib.util.spec_from_file_location("_quizzer_wire", os.path.join(_HERE, "wire.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    np, wire = numpy, module
    wire.reuse_freed_memory()  # messages and arrays reuse freed blocks (forked children inherit it)


def _load_jail():
    """The jail package (``jail/``), loaded by path as ``_quizzer_jail``."""
    import importlib
    import importlib.util

    if "_quizzer_jail" not in sys.modules:
        where = os.path.join(_HERE, "jail")
        spec = importlib.util.spec_from_file_location(
            "_quizzer_jail", os.path.join(where, "__init__.py"), submodule_search_locations=[where]
        )
        package = importlib.util.module_from_spec(spec)
        sys.modules["_quizzer_jail"] = package
        spec.loader.exec_module(package)
    importlib.import_module("_quizzer_jail.watch")  # imported now: the jail hides its own folder
    return importlib.import_module("_quizzer_jail.enter")


def _join_cgroup():
    """Join the pids and memory cgroups quizzer made (as root); the names of those joined."""
    joined = []
    for key in ("cgroup", "memory_cgroup"):  # pids, and memory held outside the address space
        if _CONFIG.get(key):
            try:
                with open(os.path.join(_CONFIG[key], "cgroup.procs"), "w") as f:
                    f.write(str(os.getpid()))
                joined.append(key)
            except OSError:
                pass
    return joined


_clock = time.perf_counter
_BUILTINS = dict(builtins.__dict__)
_cpu = time.process_time
BLOCKED = ("quizzer", "solutions")


class _Refuse:
    """Meta-path finder: the learner's code may not import quizzer or the reference solutions."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        if fullname.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(
                f"importing {fullname!r} is not allowed in a submission", name=fullname
            )
        return None


def _isolate_imports():
    for name in [m for m in sys.modules if m.split(".")[0] in BLOCKED]:
        del sys.modules[name]
    sys.path[:] = [
        p
        for p in sys.path
        if not (
            os.path.isfile(os.path.join(p or ".", "quizzer", "__init__.py"))
            or os.path.isdir(os.path.join(p or ".", "solutions"))
        )
    ]
    sys.path[:] = [p for p in sys.path if _listable(p)]  # what the jail hides cannot be imported
    sys.meta_path.insert(0, _Refuse())


def _listable(path):
    if os.path.basename(path) in ("site-packages", "dist-packages") and _CONFIG.get("jailed"):
        return False
    try:
        os.listdir(path or ".")
        return True
    except OSError:
        return False


def _set_limits():
    mb = 1 << 20
    limits = [
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_FSIZE, _CONFIG["file_size_mb"] * mb),
        (resource.RLIMIT_NOFILE, 256),
        (resource.RLIMIT_NPROC, _CONFIG["max_processes"] + _CONFIG.get("nproc_base", 0)),
        (resource.RLIMIT_AS, _CONFIG["memory_mb"] * mb),
    ]
    for which, value in limits:
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass
    _cpu_budget(hard=_CONFIG["cpu_seconds"])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails instead of killing


def _cpu_budget(hard=None):
    """Each request may use about its wall-clock limit in CPU time; the hard limit caps the worker."""
    used = int(_cpu()) + 1
    _, old_hard = resource.getrlimit(resource.RLIMIT_CPU)
    hard = hard if hard is not None else old_hard
    soft = used + int(_CONFIG["timeout"]) + 2
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError):
        pass


# --------------------------------------------------------------------------- state
_handles = {}
_drain_escapes = list  # replaced by the jail's audit hook (``jail/watch.py``)
_module = {"code": None, "ns": None, "filename": "submission.py"}


def _keep(obj):
    ident = len(_handles) + 1
    _handles[ident] = obj
    return ident, _CONFIG["gen"]


def _resolve(ident, gen):
    if gen != _CONFIG["gen"] or ident not in _handles:
        raise wire.ProtocolError("unknown handle")
    return _handles[ident]


def _make_rng(state):
    name = state.get("bit_generator") if isinstance(state, dict) else None
    if name not in wire.BIT_GENERATORS:
        raise wire.ProtocolError("unknown bit generator")
    bit_gen = getattr(np.random, name)()
    bit_gen.state = state
    return np.random.Generator(bit_gen)


def _where(tb):
    """The last line of the submission in a traceback, as ' (line N)'."""
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == _module["filename"]:
            line = lineno
    return f" (line {line})" if line else ""


def _problem(exc):
    """An exception from learner code, as data for quizzer."""
    if isinstance(exc, MemoryError):
        return {"kind": "memory", "type": type(exc).__name__, "message": _text(exc)}
    if isinstance(exc, SystemExit):
        return {"kind": "exit", "type": "SystemExit", "message": f"called sys.exit({exc.code!r})"}
    return {
        "kind": "raised",
        "type": type(exc).__name__,
        "value_error": isinstance(exc, ValueError),
        "message": _text(exc),
        "where": _where(exc.__traceback__),
    }


def _text(exc):
    try:
        return str(exc)[:2000]
    except BaseException:  # noqa: BLE001 - a learner's __str__ may raise anything
        return "<the exception's message could not be shown>"


# --------------------------------------------------------------------------- ops
def op_compile(req, bufs):
    _module["filename"] = req["filename"]
    try:
        _module["code"] = compile(req["source"], req["filename"], "exec", dont_inherit=True)
    except SyntaxError as exc:
        return {
            "ok": False,
            "error": {
                "kind": "syntax",
                "type": type(exc).__name__,
                "message": exc.msg,
                "line": exc.lineno,
                "offset": exc.offset,
                "text": (exc.text or "").rstrip()[:200],
            },
        }
    except (ValueError, MemoryError, RecursionError) as exc:
        return {
            "ok": False,
            "error": {
                "kind": "syntax",
                "type": type(exc).__name__,
                "message": _text(exc),
                "line": None,
            },
        }
    return {"ok": True}


def op_exec(req, bufs):
    ns = {"__name__": req["module"], "__file__": _module["filename"], "__builtins__": __builtins__}
    module = type(sys)(req["module"])
    module.__dict__.update(ns)
    sys.modules[req["module"]] = module
    exec(_module["code"], module.__dict__)
    _restore_builtins()
    _module["ns"] = module.__dict__
    found = {}
    for name in req["functions"]:
        value = module.__dict__.get(name)
        found[name] = "missing" if value is None else ("ok" if callable(value) else "not callable")
    return {"ok": True, "functions": found}


def _args(req, bufs):
    decoder = wire.Decoder(bufs, resolve=_resolve, make_rng=_make_rng)
    args = decoder.decode(req["args"])
    kwargs = decoder.decode(req["kwargs"])
    if not isinstance(args, tuple) or not isinstance(kwargs, dict):
        raise wire.ProtocolError("malformed call")
    return args, kwargs, decoder


def _function(name):
    fn = (_module["ns"] or {}).get(name)
    if not callable(fn):
        raise wire.ProtocolError(f"no function {name}")
    return fn


def op_call(req, bufs):
    fn = _function(req["fn"])
    pristine = [bytes(b) for b in bufs]
    args, kwargs, decoder = _args(req, bufs)
    value = fn(*args, **kwargs)
    _restore_builtins()
    encoder = wire.Encoder(keep=_keep)
    reply = {"ok": True, "value": encoder.encode(value)}
    reply["rngs"] = [
        [i, encoder.encode_state(rng.bit_generator.state)] for i, rng in decoder.rngs.items()
    ]
    mutated = []
    for index, array in decoder.arrays.items():
        if bytes(bufs[index]) != pristine[index]:
            mutated.append([index, encoder.encode(np.array(array))])
    reply["mutated"] = mutated
    return reply, encoder.buffers


def _best_time(fn, args, kwargs, repeat, budget):
    """Best of up to ``repeat`` runs: at least two (the first is often cold) unless one is very slow."""
    best, spent, runs = float("inf"), 0.0, 0
    while runs == 0 or runs < repeat and ((runs < 2 and best < 0.5) or spent + best <= budget):
        start = _clock()
        fn(*args, **kwargs)
        took = _clock() - start
        best, spent, runs = min(best, took), spent + took, runs + 1
    return best, runs


def op_time(req, bufs):
    args, kwargs, _ = _args(req, bufs)
    best, runs = _best_time(_function(req["fn"]), args, kwargs, req["repeat"], req["budget"])
    return {"ok": True, "seconds": best, "runs": runs}


def op_time_reference(req, bufs):
    """Time the reference (in a worker that never runs learner code), then forget it."""
    name = "_quizzer_timing_reference"
    code = compile(req["source"], req["filename"], "exec", dont_inherit=True)
    module = type(sys)(name)
    exec(code, module.__dict__)
    results = {}
    for job in req["jobs"]:
        try:
            args, kwargs, _ = _args(job, bufs)
            fn = getattr(module, job["fn"])
            results[job["fn"]], _ = _best_time(fn, args, kwargs, req["repeat"], req["budget"])
        except Exception as exc:  # noqa: BLE001 - a reference problem only loses its timing
            results[job["fn"]] = f"{type(exc).__name__}: {exc}"
        finally:
            args = kwargs = fn = None
    module.__dict__.clear()
    del module, code
    gc.collect()
    return {"ok": True, "seconds": results}


OPS = {
    "compile": op_compile,
    "exec": op_exec,
    "call": op_call,
    "time": op_time,
    "time_reference": op_time_reference,
}


def _restore_builtins():
    """Undo the learner's patches of builtins (isinstance, len, ...) before the worker's own code runs."""
    current = builtins.__dict__
    for name, value in _BUILTINS.items():
        if current.get(name) is not value:
            current[name] = value


def _flush():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001, S110 - the learner may have replaced the streams
            pass


def serve():
    while True:
        try:
            req, bufs = wire.read_message(_REQ, MAX_PAYLOAD)
        except EOFError:
            return
        op = req.get("op")
        if op == "bye":
            return
        out_bufs = []
        _cpu_budget()
        try:
            reply = OPS[op](req, bufs)
            _restore_builtins()
            if isinstance(reply, tuple):
                reply, out_bufs = reply
        except wire.ProtocolError as exc:
            reply, out_bufs = {"ok": False, "error": {"kind": "protocol", "message": str(exc)}}, []
        except BaseException as exc:  # noqa: BLE001 - everything the learner's code raised is data
            _restore_builtins()
            reply, out_bufs = {"ok": False, "error": _problem(exc)}, []
            exc = None
        _restore_builtins()
        _flush()
        escapes = _drain_escapes()
        if escapes and isinstance(reply, dict):
            reply["escapes"] = escapes
        try:
            wire.write_message(_RESP, reply, out_bufs)
        except (TypeError, ValueError) as exc:
            wire.write_message(
                _RESP,
                {
                    "ok": False,
                    "error": {
                        "kind": "raised",
                        "type": type(exc).__name__,
                        "value_error": False,
                        "message": f"the returned value could not be sent back: {exc}",
                        "where": "",
                    },
                },
                [],
            )


def main(config, forked=False):
    """Everything a worker does, from joining its cgroup to the last request.

    ``forked``: this process is a child of the fork server (``zygote.py``), which
    imported NumPy before forking; the global NumPy generator is reseeded so no
    two children share its state.
    """
    global _CONFIG, _REQ, _RESP, MAX_PAYLOAD
    _CONFIG = config
    _REQ, _RESP = config["fds"]
    MAX_PAYLOAD = config["max_payload"]
    cgroups = _join_cgroup()
    _load()
    jail = _load_jail()
    isolation = jail.close(config.get("jail", {}), _HERE, config["file_size_mb"])
    _CONFIG["jailed"] = isolation["filesystem"]["active"]
    if isolation.pop("namespaces"):  # RLIMIT_NPROC counts the jail's A and B and this worker
        _CONFIG["nproc_base"] = 3
    if forked:
        np.random.seed()
    _isolate_imports()
    _set_limits()
    global _drain_escapes
    watch = importlib.import_module("_quizzer_jail.watch")
    _drain_escapes = watch.install(jail.reads() if _CONFIG["jailed"] else None, os.getcwd())
    how = "rlimits: CPU, memory, file size, processes"
    if "memory_cgroup" in cgroups:
        how += "; a memory cgroup (memory held outside the address space too)"
    isolation["resources"] = {"active": True, "how": how}
    ready = {"ok": True, "ready": True, "pid": os.getpid(), "isolation": isolation}
    wire.write_message(_RESP, ready, [])
    serve()


if __name__ == "__main__":
    if sys.argv[1] == "--zygote":  # the fork server: python -I worker.py --zygote SOCKET_FD
        _load()
        import importlib.util

        import numpy.random  # noqa: F401 - NumPy loads it lazily; every worker needs it (rng)

        _box = os.path.join(os.getcwd(), "box")  # each child mounts its own tmpfs in box/box
        os.makedirs(os.path.join(_box, "box"), 0o700)
        _jail = _load_jail()
        _jail.prepare(_HERE, _box)  # the allow-list and the ruleset, built once for every child

        _spec = importlib.util.spec_from_file_location(
            "_quizzer_zygote", os.path.join(_HERE, "zygote.py")
        )
        _zygote = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(_zygote)
        _zygote.serve(int(sys.argv[2]), main, _jail.inherited_fds())
    else:
        main(json.loads(sys.argv[1]))
