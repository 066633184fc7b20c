"""Values first: a file whose values are wrong is told so, never to convert its inputs or to
change a dtype; dtype and conversion advice is for files whose values are right."""

from __future__ import annotations

import re

import pytest

from quizzer.challenges import CHALLENGES
from quizzer.suites import mistake_impl, mistakes, run_suite

CONVERSION = re.compile(r"convert|np\.asarray|should have dtype|solve in float64|work in float64")
DTYPE_MISTAKES = {"dropout-bool-mask", "dropout-float64-mask"}  # their values are right
VALUE_MISTAKES = [(c, m) for c in CHALLENGES for m in mistakes(c) if m.id not in DTYPE_MISTAKES]


def _failures(challenge, mistake_id):
    (m,) = [m for m in mistakes(challenge) if m.id == mistake_id]
    return {r.name: r for r in run_suite(challenge, mistake_impl(challenge, m)) if not r.passed}


@pytest.mark.parametrize(
    ("challenge", "mistake"), VALUE_MISTAKES, ids=[m.id for _, m in VALUE_MISTAKES]
)
def test_a_value_mistake_is_never_told_to_convert_or_change_a_dtype(challenge, mistake):
    for result in run_suite(challenge, mistake_impl(challenge, mistake)):
        if not result.passed:
            assert not CONVERSION.search(result.message), (result.name, result.message)


def test_a_squared_l1_penalty_is_told_its_values_are_wrong_not_to_use_np_asarray():
    lists = _failures("l1", "l1-squared")["array-likes (lists) are accepted"]
    assert "wrong already for float64 arrays" in lists.message
    assert "数值就已经不对" in lists.message_zh


@pytest.mark.parametrize("mistake_id", ["regularization-n-scaled", "regularization-half-lam"])
def test_a_wrongly_scaled_ridge_is_told_its_values_are_wrong_not_about_float64(mistake_id):
    result = _failures("regularization", mistake_id)["float64 result, inputs not modified"]
    assert "wrong already for float64 arrays" in result.message


def test_right_values_in_the_wrong_dtype_are_told_about_the_dtype():
    failures = _failures("dropout", "dropout-float64-mask")
    assert (
        "should have dtype float32, got float64"
        in failures["out and mask have x's shape and dtype"].message
    )
    # the test's own arithmetic may trip over a boolean mask: the dtype is still what is said
    bool_mask = _failures("dropout", "dropout-bool-mask")
    message = bool_mask["the mask holds only 0 and 1/(1-p), and out = x * mask"].message
    assert "should have dtype float64, got bool" in message
