"""What this machine's jail can do, asked of a real sandbox (quizzer's side; ``quizzer doctor``).

``support()`` starts one sandbox worker exactly as ``check`` does and returns the
layers it reported, each ``{"active", "how" | "why"}``, with the facts a user
needs to act on a missing one (kernel, Landlock ABI, user namespaces, platform).
``missing(isolation, required)`` names the required layers that are off.
"""

from __future__ import annotations

import os
import platform
import sys

from . import landlock, namespaces

LAYERS = ("filesystem", "network", "processes", "privileges", "user", "resources")
REQUIRED_FOR_GRADE = ("filesystem", "processes")


def facts() -> dict:
    return {
        "platform": sys.platform,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "root": hasattr(os, "geteuid") and os.geteuid() == 0,
        "landlock_abi": landlock.abi(),
        "user_namespaces": namespaces.why_not() or "available",
        **({"secrets": _secrets()} if hasattr(os, "geteuid") and os.geteuid() == 0 else {}),
    }


def _secrets() -> str:
    """As root, whether a sandbox that drops its uid could read the references and suites."""
    from quizzer.bundles.lockdown import state

    return state()


def _unsupported_platform() -> dict | None:
    if sys.platform.startswith("linux"):
        return None
    name = {"darwin": "macOS", "win32": "Windows"}.get(sys.platform, sys.platform)
    why = (
        f"{name} has no Landlock or Linux namespaces: quizzer's jail is Linux-only "
        "(run quizzer in a Linux VM or container to grade untrusted code)"
    )
    return {layer: {"active": False, "why": why} for layer in LAYERS[:-1]}


def support(timeout: float = 30.0) -> dict:
    """``{"layers": {...}, "facts": {...}}`` from one real sandbox."""
    from quizzer.grading.process import Limits, WorkerDied, WorkerTimeout
    from quizzer.grading.sandbox import Sandbox

    layers = _unsupported_platform()
    if layers is None:
        try:
            with Sandbox(Limits(timeout=timeout)) as box:
                box.request({"op": "compile", "source": "pass\n", "filename": "probe.py"})
                layers = dict(box.isolation)
        except (WorkerDied, WorkerTimeout, OSError) as exc:
            why = f"the sandbox worker did not start: {exc}"
            layers = {layer: {"active": False, "why": why} for layer in LAYERS}
    unknown = {"active": False, "why": "unknown"}
    return {"layers": {k: layers.get(k, unknown) for k in LAYERS}, "facts": facts()}


def missing(isolation: dict, required=REQUIRED_FOR_GRADE) -> list[str]:
    return [name for name in required if not isolation.get(name, {}).get("active")]


def summary(isolation: dict) -> str:
    """One line: the layers that were off, and why (empty when all were on)."""
    off = [n for n in LAYERS if n in isolation and not isolation[n].get("active")]
    return "; ".join(f"{n}: {isolation[n].get('why', 'off')}" for n in off)
