"""The coefficients against independent implementations and hand-worked cases.

scikit-learn's ``cohen_kappa_score``, statsmodels' ``fleiss_kappa`` and the
``krippendorff`` package are the references; the hand-worked figures are
computed on paper in the comments.
"""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from annotator.core.agreement.statistics import (
    cohen_kappa,
    cohen_kappa_binary,
    f1,
    fleiss_kappa,
    fleiss_kappa_codes,
    nominal_alpha,
    pairable_values,
)


@pytest.mark.parametrize("seed", range(8))
def test_cohen_kappa_equals_sklearn_on_random_codes(seed: int) -> None:
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 6))
    a = rng.integers(0, k, size=500)
    # b agrees with a most of the time, so kappa is far from 0
    b = np.where(rng.random(500) < 0.7, a, rng.integers(0, k, size=500))
    ours = cohen_kappa(a, b)
    assert ours == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert 0.3 < ours < 1.0


@pytest.mark.parametrize("seed", range(5))
def test_binary_kappa_equals_sklearn(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    a = rng.random(1000) < 0.2
    b = np.where(rng.random(1000) < 0.8, a, rng.random(1000) < 0.2)
    assert cohen_kappa_binary(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert cohen_kappa(a.astype(int), b.astype(int), 2) == pytest.approx(
        cohen_kappa_binary(a, b), abs=1e-12
    )


def test_cohen_kappa_hand_worked() -> None:
    # 10 tokens; a: 4 in, b: 3 in, 3 shared. po = (3 + 6)/10 = 0.9;
    # pe = 0.4*0.3 + 0.6*0.7 = 0.54; kappa = (0.9-0.54)/(1-0.54) = 0.36/0.46
    a = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], dtype=bool)
    b = np.array([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], dtype=bool)
    assert cohen_kappa_binary(a, b) == pytest.approx(0.36 / 0.46)


@pytest.mark.filterwarnings("ignore")  # sklearn warns about the one-label case we check
def test_kappa_undefined_when_everyone_uses_one_category() -> None:
    a = np.zeros(20, dtype=bool)
    assert cohen_kappa_binary(a, a) is None
    assert cohen_kappa(a.astype(int), a.astype(int), 3) is None
    assert math.isnan(cohen_kappa_score(a, a))  # sklearn agrees it is 0/0
    assert cohen_kappa_binary(np.zeros(0, bool), np.zeros(0, bool)) is None


def test_kappa_is_zero_when_one_rater_never_marks_and_negative_for_opposites() -> None:
    a = np.array([1, 1, 0, 0, 0, 0], dtype=bool)
    none = np.zeros(6, dtype=bool)
    assert cohen_kappa_binary(a, none) == pytest.approx(0.0)
    assert cohen_kappa_binary(a, ~a) == pytest.approx(cohen_kappa_score(a, ~a))
    assert cohen_kappa_binary(a, ~a) < 0


@pytest.mark.parametrize("seed", range(6))
def test_fleiss_equals_statsmodels(seed: int) -> None:
    rng = np.random.default_rng(200 + seed)
    raters = int(rng.integers(3, 6))
    k = int(rng.integers(2, 5))
    truth = rng.integers(0, k, size=400)
    ratings = [
        np.where(rng.random(400) < 0.75, truth, rng.integers(0, k, 400)) for _ in range(raters)
    ]
    table, _ = aggregate_raters(np.column_stack(ratings), n_cat=k)
    expected = sm_fleiss_kappa(table, method="fleiss")
    assert fleiss_kappa(table) == pytest.approx(expected, abs=1e-12)
    assert fleiss_kappa_codes(ratings, k) == pytest.approx(expected, abs=1e-12)


def test_fleiss_hand_worked() -> None:
    # 3 raters, 4 subjects, 2 categories. Rows: (3,0) (0,3) (2,1) (1,2).
    # P_i = 1, 1, 1/3, 1/3 -> P_bar = 2/3; p_j = 6/12, 6/12 -> P_e = 1/2;
    # kappa = (2/3 - 1/2)/(1/2) = 1/3
    table = np.array([[3, 0], [0, 3], [2, 1], [1, 2]])
    assert fleiss_kappa(table) == pytest.approx(1 / 3)
    codes = [np.array([0, 1, 0, 0]), np.array([0, 1, 0, 1]), np.array([0, 1, 1, 1])]
    assert fleiss_kappa_codes(codes, 2) == pytest.approx(1 / 3)


def test_fleiss_undefined_for_a_single_category() -> None:
    assert fleiss_kappa(np.array([[3, 0], [3, 0]])) is None
    assert fleiss_kappa_codes([np.zeros(4, int)] * 3, 2) is None


@pytest.mark.parametrize("seed", range(5))
def test_alpha_equals_krippendorff_with_missing_values(seed: int) -> None:
    rng = np.random.default_rng(300 + seed)
    data = rng.integers(0, 3, size=(3, 60)).astype(float)
    data[0, :40] = data[1, :40]  # some agreement
    data[rng.random(data.shape) < 0.2] = np.nan
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert nominal_alpha(data) == pytest.approx(expected, abs=1e-12)


def test_alpha_hand_worked_and_edges() -> None:
    # Two coders, 4 units: (a,a) (b,b) (a,b) (b,a). Coincidences: o_aa = 2,
    # o_bb = 2, o_ab = o_ba = 2; n = 8, n_a = n_b = 4.
    # D_o = 4/8 = 0.5; D_e = 2*4*4/(8*7) = 32/56; alpha = 1 - 0.5*56/32 = 0.125
    data = np.array([[0, 1, 0, 1], [0, 1, 1, 0]], dtype=float)
    assert nominal_alpha(data) == pytest.approx(0.125)
    assert nominal_alpha(np.array([[0, 0], [0, 0]], dtype=float)) is None  # no variation
    assert nominal_alpha(np.array([[0, np.nan], [np.nan, 1]])) is None  # nothing pairable
    assert pairable_values(np.array([[0, np.nan, 1], [0, 1, np.nan], [1, 1, np.nan]])) == (2, 5)


def test_f1() -> None:
    assert f1(3, 4, 4) == pytest.approx(0.75)
    assert f1(0, 0, 5) == 0.0
    assert f1(0, 0, 0) is None
