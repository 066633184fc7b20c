"""The jail against one attack per class of issue 11, through ``check`` and through ``grade``.

Each file in ``tests/hostile/`` with ``__TARGETS__`` tries one class of escape
(read the answer, read what is not its own, write outside, harm the grader,
outlive the sandbox, lie on quizzer's output, use the network) and prints a
word (READ, WROTE, HARMED, CONNECTED) whenever an attempt succeeds. The tests
assert the verdict, that no canary planted outside the sandbox is read, that
nothing outside is written, that no process is left, that no connection
reaches the test's listeners, that quizzer's stdout is one JSON document, and
that every layer was reported active. ``grade`` runs them all in one folder
beside honest classmates, as root and (slow) as an unprivileged user.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from quizzer.challenges import solution_path
from quizzer.grading.process import Limits
from quizzer.grading.runner import grade_submission
from tests.submissions import hostile_file

ATTACKS = {  # file -> passes? (every attack but the theft keeps the reference's functions)
    "steal_reference": False,
    "read_private": True,
    "read_keyring": True,
    "sysv_ipc": True,
    "touch_metadata": True,
    "write_outside": True,
    "harm_grader": True,
    "outlive": True,
    "lie": True,
    "forge_flags": True,
    "network": True,
}
SUCCESS_WORDS = ("READ", "WROTE", "HARMED", "CONNECTED")
LAYERS = ("filesystem", "network", "processes", "privileges", "user", "resources")
SUITE = Path(importlib.util.find_spec("quizzer.suites.dropout").origin)  # a file or a package
LIMITS = Limits(timeout=5, memory_mb=1024)


class World:
    """Canaries, classmates and listeners around one graded folder."""

    def __init__(self, root: Path):
        self.token = secrets.token_hex(6)
        self.secret = f"SECRET-{self.token}"
        self.home = root / "home"
        (self.home / ".ssh").mkdir(parents=True)
        self.ssh = self.home / ".ssh" / "id_rsa"
        self.ssh.write_text(self.secret + " private key\n")
        self.graded = root / "graded"
        self.graded.mkdir()
        reference = solution_path("dropout").read_text()
        (self.graded / "alice.py").write_text(reference)
        self.bob = self.graded / "bob.py"
        self.bob.write_text(f"# {self.secret}\n" + reference.replace("1.0 - p", "1.0 + p"))
        self.outside = root / "outside"
        self.outside.mkdir()
        self.canary = self.outside / "canary.txt"
        self.canary.write_text(self.secret + "\n")
        self.marker = self.outside / "marker.txt"
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.tcp.settimeout(0)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp.settimeout(0)
        self.abstract_name = f"quizzer-test-{self.token}"
        self.abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.abstract.bind("\0" + self.abstract_name)
        self.abstract.listen()
        self.abstract.settimeout(0)
        self.key = _session_key(self.secret)
        self.shm_key = int(self.token[:6], 16) or 1
        self.shm_id = _shared_segment(self.secret)
        self.watched = [self.ssh, self.bob, self.canary, SUITE, Path(np.__file__)]
        self.hashes = {p: _digest(p) for p in self.watched}
        self.metadata = {p: _metadata(p) for p in self.watched}

    def targets(self) -> dict:
        return {
            "reference": str(solution_path("dropout")),
            "suite": str(SUITE),
            "parent": os.getpid(),
            "graded": str(self.graded),
            "canaries": [str(self.ssh), str(self.bob), str(self.canary)],
            "writable": [str(p) for p in self.watched],
            "marker": str(self.marker),
            "tcp": self.tcp.getsockname()[1],
            "udp": self.udp.getsockname()[1],
            "abstract": self.abstract_name,
            "token": f"qz{self.token}"[:15],
            "key": self.key,
            "hold_mb": LIMITS.memory_mb + 256,
            "secret": self.secret,
            "shm_key": self.shm_key,
        }

    def plant(self, attack: str) -> Path:
        return hostile_file(self.graded, attack, {"__TARGETS__": repr(self.targets())})

    def assert_untouched(self) -> None:
        assert not self.marker.exists(), "the sandbox wrote beside the graded folder"
        for path, digest in self.hashes.items():
            assert _digest(path) == digest, f"{path} was changed"
            assert _metadata(path) == self.metadata[path], f"{path}: its metadata was changed"
        for listener in (self.tcp, self.abstract):
            with pytest.raises(BlockingIOError):
                listener.accept()
        with pytest.raises(BlockingIOError):
            self.udp.recvfrom(100)
        assert not _survivors(self.targets()["token"]), "a process outlived its sandbox"
        assert self.shm_key not in _sysv_keys(), "a System V segment outlived its sandbox"

    def assert_no_leak(self, *texts: str) -> None:
        for text in texts:
            assert self.secret not in text
            for line in text.splitlines():
                assert not line.startswith(SUCCESS_WORDS), line

    def close(self) -> None:
        for s in (self.tcp, self.udp, self.abstract):
            s.close()
        _remove_segment(self.shm_id)


def _session_key(secret: str) -> int | None:
    """A key holding ``secret`` in a fresh session keyring of the test process (which quizzer,
    its fork server and its sandboxes inherit), with the kernel's default permissions;
    None where keyctl is refused (a container's seccomp filter)."""
    import ctypes
    import platform

    nr = {"x86_64": (248, 250), "aarch64": (217, 219)}.get(platform.machine())
    if nr is None:
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    if libc.syscall(nr[1], 1, b"quizzer-test-session") < 0:  # KEYCTL_JOIN_SESSION_KEYRING
        return None
    payload = secret.encode()
    key = libc.syscall(nr[0], b"user", b"quizzer-test", payload, len(payload), -3)
    return key if key > 0 else None


def _libc():
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    return libc


def _shared_segment(secret: str) -> int | None:
    """A System V shared memory segment of the test's (quizzer's uid) holding ``secret``."""
    import ctypes

    libc = _libc()
    shmid = libc.shmget(0, 4096, 0o1000 | 0o600)  # IPC_PRIVATE, IPC_CREAT
    if shmid < 0:
        return None
    addr = libc.shmat(shmid, None, 0)
    if addr is None or addr == ctypes.c_void_p(-1).value:
        _remove_segment(shmid)
        return None
    ctypes.memmove(addr, secret.encode(), len(secret))
    libc.shmdt(ctypes.c_void_p(addr))
    return shmid


def _remove_segment(shmid: int | None) -> None:
    if shmid is not None:
        _libc().shmctl(shmid, 0, None)  # IPC_RMID


def _sysv_keys() -> set[int]:
    try:
        lines = Path("/proc/sysvipc/shm").read_text().splitlines()[1:]
    except OSError:
        return set()
    return {int(line.split()[0]) for line in lines if line.split()}


def _metadata(path: Path) -> tuple:
    """What a write without content changes: mode, owner, times (ctime moves on any change)."""
    st = path.stat()
    return st.st_mode, st.st_uid, st.st_gid, st.st_mtime_ns, st.st_ctime_ns


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _survivors(name: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == name[:15]:
                found.append(int(pid))
        except OSError:
            continue
    return found


@pytest.fixture
def world(tmp_path):
    w = World(tmp_path)
    yield w
    w.close()


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_check_stops_the_attack(world, attack, capfd):
    limits = Limits(timeout=5, memory_mb=1024, max_processes=4 if attack == "outlive" else 0)
    report = grade_submission(world.plant(attack), "dropout", limits, timing=False)
    out, err = capfd.readouterr()
    assert report.passed is ATTACKS[attack], (report.problem, report.output)
    assert {k for k, v in report.isolation.items() if v["active"]} == set(LAYERS)
    world.assert_no_leak(report.output, *(t.message for t in report.tests), out, err)
    assert "\x1b" not in report.output and "\r" not in report.output
    for attempt in report.escapes:  # what the jail refused is the learner's text, too
        assert set(attempt) == {"what", "target"} and all(type(v) is str for v in attempt.values())
        assert not any(c in v for v in attempt.values() for c in "\x1b\r")
    assert out == err == "", "nothing may reach quizzer's own stdout or stderr"
    world.assert_untouched()
    if attack in ("read_private", "write_outside", "network", "harm_grader", "steal_reference"):
        assert report.escapes, "refused attempts are reported"


def test_check_json_is_one_document_whatever_the_submission_prints(world):
    path = world.plant("lie")
    env = {**os.environ, "HOME": str(world.home)}
    run = subprocess.run(
        [sys.executable, "-m", "quizzer", "check", str(path), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    document = json.loads(run.stdout)  # exactly one document: extra text would not parse
    assert document["passed"] is True and run.returncode == 0
    assert "\x1b" not in document["output"] and "\\x1b]0;pwned" in document["output"]
    assert all(document["isolation"][layer]["active"] for layer in LAYERS)
    assert run.stderr == ""  # every layer on: no warning


def _grade(world: World, prefix: list[str] = ()) -> list[dict]:
    for attack in ATTACKS:
        world.plant(attack)
    env = {**os.environ, "HOME": str(world.home)}
    command = [sys.executable, "-m", "quizzer", "grade", str(world.graded), "-c", "dropout"]
    run = subprocess.run(
        [*prefix, *command, "--format", "json", "--workers", "2", "--timeout", "5"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    records = json.loads(run.stdout)  # one document
    world.assert_untouched()
    world.assert_no_leak(run.stdout, run.stderr)
    return records


def _assert_graded(records: list[dict]) -> None:
    by_name = {r["submission"]: r for r in records}
    assert set(by_name) == {"alice.py", "bob.py", *(f"{a}.py" for a in ATTACKS)}
    assert by_name["alice.py"]["passed"] and not by_name["bob.py"]["passed"]
    for honest in ("alice.py", "bob.py"):  # an honest file is never flagged by the jail
        assert by_name[honest]["escapes"] == []
        assert not [f for f in by_name[honest]["integrity"] if f["kind"] == "sandbox"]
    for attack, passes in ATTACKS.items():
        record = by_name[f"{attack}.py"]
        assert record["passed"] is passes, (attack, record["problem"], record["output"])
        assert all(record["isolation"][layer]["active"] for layer in LAYERS), attack
    for attack in ("read_private", "write_outside", "network", "harm_grader", "forge_flags"):
        flags = [f["message"] for f in by_name[f"{attack}.py"]["integrity"]]
        assert any("refused by the jail" in f for f in flags), (attack, flags)
    for record in records:  # the learner's text in a flag reaches the teacher escaped
        attempts = [v for a in record["escapes"] for v in a.values()]
        for text in (*(f["message"] for f in record["integrity"]), *attempts):
            assert type(text) is str and len(text) < 2000, text
            assert "\x1b" not in text and "\r" not in text, text


def test_grade_stops_every_attack_beside_classmates(world):
    _assert_graded(_grade(world))


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("unshare"), reason="needs util-linux unshare")
def test_grade_stops_every_attack_as_an_unprivileged_user(world):
    """quizzer itself as uid 1000 with no capability on the machine (a user namespace of its own).

    A real switch to another uid is not possible on every machine (here Python lives
    under /root, which no other user may enter); inside a user namespace quizzer is
    not root and holds no capability outside it, which is what "unprivileged" changes
    for the jail (no cgroup, RLIMIT_NPROC, unprivileged namespaces).
    """
    probe = subprocess.run(
        ["unshare", "--user", "--map-user=1000", "--map-group=1000", "id", "-u"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0 or probe.stdout.strip() != "1000":
        pytest.skip("this machine cannot start a process in a user namespace")
    _assert_graded(
        _grade(world, ["unshare", "--user", "--map-user=1000", "--map-group=1000", "--"])
    )


def test_grade_never_follows_a_symbolic_link_out_of_the_folder(world):
    """A submission unzipped as a link to the reference, to a teacher's file, or a folder linked
    to the solutions: quizzer reads submissions outside the jail, so it grades none of them."""
    (world.graded / "linked.py").symlink_to(solution_path("dropout"))
    (world.graded / "key.py").symlink_to(world.ssh)
    (world.graded / "carol").symlink_to(solution_path("dropout").parent, target_is_directory=True)
    (world.graded / "dave").mkdir()
    (world.graded / "dave" / "dropout.py").symlink_to(solution_path("dropout"))
    env = {**os.environ, "HOME": str(world.home)}
    command = [sys.executable, "-m", "quizzer", "grade", str(world.graded), "-c", "dropout"]
    run = subprocess.run(
        [*command, "--format", "json"], capture_output=True, text=True, env=env, timeout=300
    )
    assert run.returncode == 0, run.stderr
    by_name = {r["submission"]: r for r in json.loads(run.stdout)}
    assert by_name["alice.py"]["passed"]
    for name in ("linked.py", "key.py", "carol", "dave"):
        assert not by_name[name]["passed"] and by_name[name]["problem"]["kind"] == "not-graded"
        assert "symbolic link" in by_name[name]["problem"]["message"]
    world.assert_no_leak(run.stdout, run.stderr)
    world.assert_untouched()


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_a_file_name_that_is_not_utf8_does_not_stop_the_batch(world, fmt):
    """One student's archive with a Latin-1 file name must not leave the class ungraded."""
    odd = os.fsencode(world.graded) + b"/caf\xe9\xff.py"
    shutil.copy(solution_path("dropout"), odd)
    env = {**os.environ, "HOME": str(world.home)}
    command = [sys.executable, "-m", "quizzer", "grade", str(world.graded), "-c", "dropout"]
    run = subprocess.run([*command, "--format", fmt], capture_output=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    text = run.stdout.decode("utf-8")  # quizzer's output is UTF-8, whatever the names
    if fmt == "json":
        names = {r["submission"] for r in json.loads(text)}
        assert {"alice.py", "bob.py", "caf\\udce9\\udcff.py"} <= names
    else:
        assert "caf\\udce9\\udcff.py" in text and "alice.py" in text


def test_memory_held_outside_the_address_space_is_bounded(world):
    """memfds written and never mapped escape RLIMIT_AS; as root, a memory cgroup bounds them."""
    from quizzer.grading.cgroups import make_memory_cgroup, remove_cgroup

    probe = make_memory_cgroup(64, 0)
    if probe is None:
        pytest.skip("no memory cgroup here (not root, or no memory controller)")
    remove_cgroup(probe)
    world.plant("hold_memory")
    env = {**os.environ, "HOME": str(world.home)}
    command = [sys.executable, "-m", "quizzer", "grade", str(world.graded), "-c", "dropout"]
    limits = ["--memory-mb", str(LIMITS.memory_mb), "--timeout", "5", "--workers", "2"]
    run = subprocess.run(
        [*command, *limits, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    by_name = {r["submission"]: r for r in json.loads(run.stdout)}
    assert by_name["alice.py"]["passed"] and not by_name["hold_memory.py"]["passed"]
    assert by_name["hold_memory.py"]["problem"]["kind"] == "memory"
    world.assert_no_leak(run.stdout)
    world.assert_untouched()


def test_the_reference_is_never_in_the_learners_worker_when_timing(world, monkeypatch):
    from quizzer.grading import timing

    monkeypatch.setattr(timing, "_reference_cache", {})
    (Path(os.environ["QUIZZER_HOME"]) / timing._CACHE_FILE).unlink(missing_ok=True)
    report = grade_submission(world.plant("steal_reference"), "dropout", LIMITS, timing=True)
    assert not report.passed and "READ" not in report.output
    assert any(t.reference_seconds for t in report.timing), "the reference was timed (elsewhere)"


def test_reference_times_are_reused_from_the_data_directory(monkeypatch):
    from quizzer.grading import timing

    monkeypatch.setattr(timing, "_reference_cache", {})
    box = timing.reference_sandbox("l2", LIMITS)
    assert box is not None
    times = timing.reference_times("l2", box)
    assert times and all(isinstance(v, float) for v in times.values())
    monkeypatch.setattr(timing, "_reference_cache", {})  # a new quizzer process
    assert timing.reference_sandbox("l2", LIMITS) is None, "no second worker"
    assert timing.reference_times("l2", None) == times
