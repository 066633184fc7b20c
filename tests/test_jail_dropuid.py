"""Layer ``user``: quizzer as root in a container without user namespaces (Gradescope, PrairieLearn).

The namespaces layer is switched off (``sandbox.LAYERS`` without ``namespaces``),
and so is Landlock (Docker's seccomp profile often refuses it too), so that only
the uid drop stands between the hostile submission and root's files: it must not
read root-only references and suites (as ``quizzer.bundles.lockdown`` leaves
them), write outside its folder, signal the grader, or leave a process behind;
each attack is shown to succeed without the layer, so each test could fail.
A correct submission still passes.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from quizzer.bundles import lockdown
from quizzer.challenges import solution_path
from quizzer.grading.forkserver import FORK_SERVER, ForkServer
from quizzer.grading.jail import dropuid
from quizzer.grading.process import Limits
from quizzer.grading.runner import grade_submission
from quizzer.grading.sandbox import LAYERS, Sandbox

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or dropuid.why_not(False) is not None,
    reason="the uid drop is for quizzer running as root on Linux",
)

DROPPED = ("privileges", "user")  # no namespaces, no Landlock: the uid alone
ROOT = ("privileges",)  # the same without the layer: what a container gave before


def run(source: str, layers, limits: Limits | None = None) -> tuple[str, dict]:
    token = LAYERS.set(layers)
    try:
        with Sandbox(limits or Limits(timeout=10)) as box:
            box.request({"op": "compile", "source": source, "filename": "attack.py"})
            reply, _ = box.request({"op": "exec", "module": "attack", "functions": []})
            assert reply["ok"], reply
            return box.output.text, box.isolation
    finally:
        LAYERS.reset(token)


@pytest.fixture
def install():
    """A world-readable install (0755) whose references and suites the lockdown made root-only."""
    base = Path(tempfile.mkdtemp(prefix="quizzer-dropuid-"))
    base.chmod(0o755)
    (base / "solutions").mkdir()
    shutil.copy(solution_path("dropout"), base / "solutions" / "dropout.py")
    (base / "suites" / "dropout").mkdir(parents=True)
    (base / "suites" / "dropout" / "cases.py").write_text("HIDDEN = 'SECRET-CASE'\n")
    (base / "public.txt").write_text("PUBLIC")
    for path in base.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)  # as a wheel installs them
    yield base
    shutil.rmtree(base)


READ = (
    "for p in {paths!r}:\n"
    "    try:\n        print('READ', open(p).read()[:40])\n"
    "    except OSError as e:\n        print('denied', e.errno)\n"
)


def test_the_uid_drop_hides_the_locked_reference_and_suite(install):
    secrets = [str(install / "solutions" / "dropout.py"), str(install / "suites/dropout/cases.py")]
    attack = READ.format(paths=[*secrets, str(install / "public.txt")])
    assert lockdown.exposed([install / "solutions", install / "suites"])
    out, _ = run(attack, DROPPED)  # before the lockdown, a wheel's 0644 files are readable
    assert out.count("READ") == 3
    assert lockdown.lock([install / "solutions", install / "suites"]) == []
    assert stat.S_IMODE((install / "solutions").stat().st_mode) == 0o700
    out, iso = run(attack, DROPPED)
    assert iso["user"]["active"] and iso["user"]["uid"] != 0, iso
    assert "dropped to uid" in iso["user"]["how"]
    assert out.count("denied 13") == 2 and "READ PUBLIC" in out and "SECRET" not in out
    out, iso = run(attack, ROOT)  # the attack works as root: the test could fail
    assert not iso["user"]["active"] and "SECRET-CASE" in out


def test_the_uid_drop_writes_only_in_its_own_folder(install):
    target = install / "poisoned.py"
    attack = (
        "import os\n"
        "open('mine.txt', 'w').write('ok'); print('OWN', os.path.exists('mine.txt'))\n"
        f"try:\n    open({str(target)!r}, 'w').write('x'); print('WROTE')\n"
        "except OSError as e:\n    print('denied', e.errno)\n"
    )
    out, _ = run(attack, DROPPED)
    assert "OWN True" in out and "denied 13" in out and not target.exists()
    out, _ = run(attack, ROOT)
    assert "WROTE" in out and target.exists()


def test_the_uid_drop_cannot_signal_the_grader():
    attack = (
        "import os\n"
        f"for pid in ({os.getpid()}, os.getppid(), 1):\n"
        "    try:\n        os.kill(pid, 0); print('SIGNALLED', pid)\n"
        "    except PermissionError:\n        print('denied')\n"
        "try:\n    os.setuid(0); print('ROOT AGAIN')\nexcept PermissionError:\n    print('no setuid')\n"
    )
    out, _ = run(attack, DROPPED)
    assert out.count("denied") == 3 and "SIGNALLED" not in out and "no setuid" in out
    out, _ = run(attack, ROOT)
    assert "SIGNALLED" in out


def test_rlimit_nproc_binds_the_dropped_uid():
    attack = "import os\ntry:\n    os.fork() or os._exit(0); print('FORKED')\nexcept OSError as e:\n    print('refused', e.errno)\n"
    out, _ = run(attack, DROPPED)
    assert "refused 11" in out and "FORKED" not in out  # EAGAIN: max_processes = 0
    out, _ = run(attack, ROOT)
    assert "FORKED" in out


@pytest.mark.slow
@pytest.mark.parametrize("forked", [False, True], ids=["started", "fork-server"])
def test_nothing_of_the_dropped_uid_outlives_the_sandbox(forked):
    daemon = (
        "import os, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n        time.sleep(120)\n    os._exit(0)\n"
        "time.sleep(0.3)\nprint('DAEMON STARTED')\n"
    )
    token = LAYERS.set(("processes", *DROPPED))
    server = ForkServer().__enter__() if forked else None
    served = FORK_SERVER.set(server)
    try:
        with Sandbox(Limits(timeout=10, max_processes=4)) as box:
            box.request({"op": "compile", "source": daemon, "filename": "daemon.py"})
            reply, _ = box.request({"op": "exec", "module": "daemon", "functions": []})
            uid = box.isolation["user"]["uid"]
            assert reply["ok"] and "DAEMON STARTED" in box.output.text, (reply, box.output.text)
            assert len(dropuid.owners().get(uid, [])) >= 2  # the worker and its daemon
            assert box.isolation["processes"]["active"], box.isolation
            assert f"uid {uid}" in box.isolation["processes"]["how"]
    finally:
        LAYERS.reset(token)
        FORK_SERVER.reset(served)
        if server is not None:
            server.__exit__(None, None, None)
    assert dropuid.owners().get(uid, []) == []


def test_sandboxes_at_the_same_time_get_different_uids():
    token = LAYERS.set(DROPPED)
    try:
        with Sandbox(Limits(timeout=10)) as one, Sandbox(Limits(timeout=10)) as two:
            for box in (one, two):
                box.request({"op": "compile", "source": "pass\n", "filename": "a.py"})
            assert one.isolation["user"]["uid"] != two.isolation["user"]["uid"]
    finally:
        LAYERS.reset(token)


@pytest.mark.slow
def test_a_correct_submission_still_passes_after_the_drop(tmp_path):
    path = tmp_path / "dropout.py"
    shutil.copy(solution_path("dropout"), path)
    token = LAYERS.set(("filesystem", "network", "processes", *DROPPED))
    try:
        report = grade_submission(path, "dropout", Limits(timeout=20))
    finally:
        LAYERS.reset(token)
    assert report.isolation["user"]["active"], report.isolation
    assert report.problem is None and report.tests
    assert report.passed_count == len(report.tests)


def test_the_dropped_worker_keeps_no_capability_group_or_privilege():
    attack = (
        "import os\n"
        "status = dict(l.split(':', 1) for l in open('/proc/self/status').read().splitlines())\n"
        "for k in ('Uid', 'Gid', 'Groups', 'CapEff', 'CapPrm', 'CapBnd', 'CapAmb', 'NoNewPrivs'):\n"
        "    print(k, '=', ' '.join(status[k].split()))\n"
    )
    out, iso = run(attack, ("user",))
    uid = iso["user"]["uid"]
    assert f"Uid = {uid} {uid} {uid} {uid}" in out and f"Gid = {uid} {uid} {uid} {uid}" in out
    assert "Groups = \n" in out and "NoNewPrivs = 1" in out
    for cap in ("CapEff", "CapPrm", "CapBnd", "CapAmb"):
        assert f"{cap} = 0000000000000000" in out, out
    out, _ = run(attack, ())  # root, no layer: every capability
    assert "Uid = 0 0 0 0" in out and "CapEff = 0000000000000000" not in out
