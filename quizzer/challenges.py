"""The eleven challenges: ids and the functions each one asks for.

This mirrors the public contract (CHALLENGES.md). The reference implementation
of challenge ``c`` is ``solutions/<module_name(c)>.py``; its hidden suite is
``quizzer/suites/<module_name(c)>`` (a module, or a package whose ``PARTS`` list its modules); its catalogue of known mistakes is
``quizzer/mistakes/<module_name(c)>.py``.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from types import ModuleType, SimpleNamespace
from typing import Any

CHALLENGES: dict[str, tuple[str, ...]] = {
    "regularization": ("ridge_fit",),
    "l1": ("l1_penalty", "l1_subgradient"),
    "l2": ("l2_penalty", "l2_gradient", "weight_decay_step", "elastic_net_penalty"),
    "l1-sparsity": ("soft_threshold", "lasso"),
    "dropout": ("dropout_forward", "dropout_backward"),
    "l1-drawbacks": ("elastic_net",),
    "batchnorm": ("batchnorm_forward", "batchnorm_backward"),
    "bn-inference": ("update_running_stats", "batchnorm_inference", "fold_batchnorm"),
    "bn-params": ("bn_identity_params",),
    "bn-vs-ln": ("layer_norm", "group_norm", "instance_norm"),
    "bn-recsys": ("masked_batchnorm",),
}


class UnknownChallenge(ValueError):
    pass


def check_id(challenge: str) -> str:
    if challenge not in CHALLENGES:
        raise UnknownChallenge(
            f"no challenge {challenge!r}; the challenges are: {', '.join(CHALLENGES)}"
        )
    return challenge


def module_name(challenge: str) -> str:
    """``l1-sparsity`` -> ``l1_sparsity``: the file stem shared by solution, suite and catalogue."""
    return check_id(challenge).replace("-", "_")


def solution_path(challenge: str):
    from quizzer.paths import solutions_dir

    return solutions_dir() / f"{module_name(challenge)}.py"


_LOADING = threading.RLock()


def load_file_module(path, name: str) -> ModuleType:
    """Import a Python file as a module named ``name`` (cached in sys.modules).

    Thread-safe: batch grading calls this from several threads, and a module is
    in sys.modules before it has finished executing.
    """
    with _LOADING:
        return _load_file_module(path, name)


def _load_file_module(path, name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def reference(challenge: str) -> ModuleType:
    """The reference implementation of a challenge, trusted code run in-process."""
    return load_file_module(solution_path(challenge), f"quizzer_reference_{module_name(challenge)}")


def variant(challenge: str, **overrides: Any) -> SimpleNamespace:
    """The reference's functions with some replaced: how a known mistake is built."""
    ref = reference(challenge)
    unknown = set(overrides) - set(CHALLENGES[challenge])
    if unknown:
        raise ValueError(f"{challenge} has no function(s) {sorted(unknown)}")
    funcs = {name: getattr(ref, name) for name in CHALLENGES[challenge]}
    funcs.update(overrides)
    return SimpleNamespace(**funcs)
