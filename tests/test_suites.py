"""Proof that the hidden suites are right: every reference passes, every
catalogued mistake fails and is diagnosed as itself, the starter stub fails,
and correct implementations written differently pass."""

from __future__ import annotations

import importlib
import pkgutil
import time
from types import SimpleNamespace

import numpy as np
import pytest

import tests.alternatives as alternatives
from quizzer.challenges import CHALLENGES, module_name, reference
from quizzer.suites import cases, diagnose, mistake_impl, mistakes, run_suite
from quizzer.suites.base import HIDDEN, VISIBLE

IDS = list(CHALLENGES)


def _catalogue(challenge):
    """Collection must not stop at one missing catalogue: test_catalogue_is_well_formed reports it."""
    try:
        return mistakes(challenge)
    except ImportError:
        return []


MISTAKES = [(c, m) for c in IDS for m in _catalogue(c)]
ALTERNATIVES = sorted(info.name for info in pkgutil.iter_modules(alternatives.__path__))


def _challenge_of(alt: str) -> str:
    stem = alt.removesuffix("_b").removesuffix("_c")
    return next(c for c in IDS if module_name(c) == stem)


def _failures(results):
    return [f"{r.name}: {r.status}: {r.message}" for r in results if not r.passed]


@pytest.mark.parametrize("challenge", IDS)
def test_reference_passes_its_suite_quickly(challenge):
    start = time.perf_counter()
    results = run_suite(challenge, reference(challenge))
    elapsed = time.perf_counter() - start
    assert results, f"{challenge}: the suite has no tests"
    assert _failures(results) == []
    # Generous bound for a loaded 2-core CI machine; the target (< 2 s) is measured in bench/.
    assert elapsed < 10, f"{challenge}: suite took {elapsed:.1f}s on the reference"


@pytest.mark.parametrize("challenge", IDS)
def test_suite_has_visible_and_hidden_tests_with_unique_names(challenge):
    found = cases(challenge)
    kinds = {c.visibility for c in found}
    assert kinds == {VISIBLE, HIDDEN}
    names = [c.name for c in found]
    assert len(names) == len(set(names)), "test names must be unique within a suite"
    for c in found:
        if c.visibility == VISIBLE:
            assert c.example, f"visible test {c.name!r} needs a worked example (its docstring)"


@pytest.mark.parametrize("challenge", IDS)
def test_suite_has_timing_inputs_and_probes(challenge):
    from quizzer.suites import suite_module

    module = suite_module(challenge)
    inputs = module.timing_inputs()
    assert set(inputs) <= set(CHALLENGES[challenge]) and inputs
    assert module.PROBES


@pytest.mark.parametrize("challenge", IDS)
def test_catalogue_is_well_formed(challenge):
    found = mistakes(challenge)
    assert found, f"{challenge}: no catalogued mistakes"
    ids = [m.id for m in found]
    assert len(ids) == len(set(ids))
    for m in found:
        assert m.id.startswith(challenge + "-") or m.id.startswith(module_name(challenge))
        assert m.name and m.explanation.en and m.explanation.zh
        assert m.card in CHALLENGES
        assert set(m.functions) <= set(CHALLENGES[challenge]) and m.functions


@pytest.mark.parametrize(("challenge", "mistake"), MISTAKES, ids=[m.id for _, m in MISTAKES])
def test_every_catalogued_mistake_fails_its_suite(challenge, mistake):
    results = run_suite(challenge, mistake_impl(challenge, mistake))
    assert _failures(results), f"{mistake.id} passes the whole suite: the suite misses it"


@pytest.mark.parametrize(("challenge", "mistake"), MISTAKES, ids=[m.id for _, m in MISTAKES])
def test_every_catalogued_mistake_is_diagnosed_as_itself(challenge, mistake):
    found = [m.id for m in diagnose(challenge, mistake_impl(challenge, mistake))]
    assert mistake.id in found, f"diagnosis of {mistake.id} gave {found}"


@pytest.mark.parametrize("challenge", IDS)
def test_reference_is_diagnosed_with_no_mistake(challenge):
    assert diagnose(challenge, reference(challenge)) == []


@pytest.mark.parametrize("challenge", IDS)
def test_starter_stub_fails_every_test(challenge):
    def stub(*args, **kwargs):
        raise NotImplementedError("write this function")

    impl = SimpleNamespace(**dict.fromkeys(CHALLENGES[challenge], stub))
    results = run_suite(challenge, impl)
    assert all(not r.passed for r in results), [r.name for r in results if r.passed]


@pytest.mark.parametrize("alt", ALTERNATIVES)
def test_alternative_correct_implementation_passes(alt):
    challenge = _challenge_of(alt)
    impl = importlib.import_module(f"tests.alternatives.{alt}")
    assert _failures(run_suite(challenge, impl)) == []
    assert diagnose(challenge, impl) == []


def test_every_challenge_has_an_alternative():
    assert {_challenge_of(a) for a in ALTERNATIVES} == set(IDS)


def _gradient_check_messages(mistake_id: str) -> list[str]:
    (m,) = [m for m in mistakes("batchnorm") if m.id == mistake_id]
    results = run_suite("batchnorm", mistake_impl("batchnorm", m))
    return [r.message for r in results if "central-difference" in r.message]


def test_gradient_check_names_the_constant_statistics_mistake_only_when_it_is_that():
    constants = _gradient_check_messages("batchnorm-backward-constant-statistics")
    assert constants and all("treated as constants" in text for text in constants)
    no_variance = _gradient_check_messages("batchnorm-backward-no-variance-path")
    assert no_variance and not any("treated as constants" in text for text in no_variance)


def test_a_close_but_wrong_array_names_where_it_is_furthest_off():
    from quizzer.suites.base import Failure, assert_close

    with pytest.raises(Failure) as failure:
        assert_close(
            np.array([[1.0, 2.0], [3.0, 4.00001]]), np.array([[1.0, 2.0], [3.0, 4.0]]), "out"
        )
    assert "at [1, 1]: expected 4, got 4.00001" in failure.value.message
