"""The agreement coefficients themselves, on numpy arrays.

Cohen's and Fleiss' kappa are a few lines of numpy each; written here rather
than called from scikit-learn/statsmodels because those are test-only
dependencies and because millions of tokens go through them. The tests prove
equality with ``sklearn.metrics.cohen_kappa_score`` and
``statsmodels.stats.inter_rater.fleiss_kappa``. Krippendorff's alpha comes
from the ``krippendorff`` package.

Every function returns None where the coefficient is undefined (0/0: no
items, or chance agreement of 1 because everyone used one single category),
so JSON shows ``null`` instead of a misleading 0 or 1.
"""

from __future__ import annotations

import math

import krippendorff
import numpy as np


def _finite(value: float) -> float | None:
    """The value as a float, or None where rounding made it NaN or infinite
    (JSON has no NaN; the CLI and dashboard show None as "-")."""
    value = float(value)
    return value if math.isfinite(value) else None


def f1(matched: int, n_a: int, n_b: int) -> float | None:
    """Span F1 of two annotators: 2*matched / (n_a + n_b).

    With one-to-one matching this is the harmonic mean of precision and
    recall whichever annotator is taken as the reference, so it is
    symmetric. None when neither annotator has a span.
    """
    total = n_a + n_b
    if total == 0:
        return None
    return 2.0 * matched / total


def cohen_kappa(a: np.ndarray, b: np.ndarray, n_classes: int | None = None) -> float | None:
    """Cohen's kappa of two raters' integer category codes (same length)."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    n = a.size
    if n == 0:
        return None
    k = int(n_classes if n_classes is not None else max(a.max(), b.max()) + 1)
    confusion = np.bincount(a * k + b, minlength=k * k).reshape(k, k).astype(np.float64)
    observed = np.trace(confusion) / n
    expected = float(confusion.sum(axis=1) @ confusion.sum(axis=0)) / (n * n)
    if math.isclose(expected, 1.0):
        return None
    return _finite((observed - expected) / (1.0 - expected))


def cohen_kappa_binary(a: np.ndarray, b: np.ndarray) -> float | None:
    """Cohen's kappa of two boolean sequences (in / out of a label)."""
    n = a.size
    if n == 0:
        return None
    both = int(np.count_nonzero(a & b))
    na = int(np.count_nonzero(a))
    nb = int(np.count_nonzero(b))
    neither = n - na - nb + both
    observed = (both + neither) / n
    expected = (na * nb + (n - na) * (n - nb)) / (n * n)
    if math.isclose(expected, 1.0):
        return None
    return _finite((observed - expected) / (1.0 - expected))


def fleiss_kappa(counts: np.ndarray) -> float | None:
    """Fleiss' kappa from a subjects x categories table of rating counts.

    Every row must sum to the same number of raters (as in statsmodels'
    ``fleiss_kappa(table, method="fleiss")``).
    """
    table = np.asarray(counts, dtype=np.float64)
    if table.ndim != 2 or table.shape[0] == 0:
        return None
    n_sub = table.shape[0]
    raters = table[0].sum()
    if raters < 2:
        return None
    p_cat = table.sum(axis=0) / (n_sub * raters)
    p_sub = ((table * table).sum(axis=1) - raters) / (raters * (raters - 1))
    p_bar = p_sub.mean()
    p_e = float((p_cat * p_cat).sum())
    if math.isclose(p_e, 1.0):
        return None
    return _finite((p_bar - p_e) / (1.0 - p_e))


def fleiss_kappa_codes(ratings: list[np.ndarray], n_classes: int | None = None) -> float | None:
    """Fleiss' kappa straight from each rater's category codes (equal lengths).

    Same figure as ``fleiss_kappa`` on the counts table, without building
    it: a subject's agreement sum_j n_ij^2 - n is twice the number of rater
    pairs that agree on it, so the table is never materialised.
    """
    n = len(ratings)
    if n < 2 or ratings[0].size == 0:
        return None
    codes = [np.asarray(r, dtype=np.int64) for r in ratings]
    n_sub = codes[0].size
    k = int(n_classes if n_classes is not None else max(int(c.max()) for c in codes) + 1)
    totals = sum(np.bincount(c, minlength=k) for c in codes)
    p_cat = totals / (n_sub * n)
    agreeing = sum(
        int(np.count_nonzero(codes[i] == codes[j])) for i in range(n) for j in range(i + 1, n)
    )
    p_bar = agreeing / (n_sub * n * (n - 1) / 2)
    p_e = float((p_cat * p_cat).sum())
    if math.isclose(p_e, 1.0):
        return None
    return _finite((p_bar - p_e) / (1.0 - p_e))


def nominal_alpha(data: np.ndarray) -> float | None:
    """Krippendorff's alpha (nominal) of a raters x units matrix of value
    codes, NaN where a rater gave no value.

    None when there is nothing to compare (fewer than two pairable values)
    or when all values are one and the same (alpha is 0/0 then).
    """
    matrix = np.asarray(data, dtype=np.float64)
    if matrix.ndim != 2 or matrix.size == 0:
        return None
    pairable = np.count_nonzero(~np.isnan(matrix), axis=0) >= 2
    matrix = matrix[:, pairable]
    if matrix.shape[1] == 0:
        return None
    if np.unique(matrix[~np.isnan(matrix)]).size < 2:
        return None
    return _finite(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))


def pairable_values(data: np.ndarray) -> tuple[int, int]:
    """(units with two or more values, values in those units) of a raters x
    units matrix: what an alpha is based on."""
    matrix = np.asarray(data, dtype=np.float64)
    if matrix.size == 0:
        return (0, 0)
    per_unit = np.count_nonzero(~np.isnan(matrix), axis=0)
    keep = per_unit >= 2
    return int(keep.sum()), int(per_unit[keep].sum())
