"""The compiled derivation of the measures (issue #15 item 1) against the row-by-row pandas
derivation it replaced (``tests/reference/rowwise_measures.py``): every table equal on the
shipped scenario and on random samples of the projected activity, including samples where a
split's source rows fall to zero (its fallback) and where pairs stop applying."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model import pipeline
from model.derivation import chosen_measures
from model.projection import measures
from model.projection.compiled import compile_measures
from model.scenario import load_scenario
from tests.reference import rowwise_measures

KEYS = {"effects": ["measure", "quantity", "region", "year"],
        "bounds": ["measure", "region", "year"],
        "costs": ["measure", "region", "year", "item"],
        "source_amount": ["measure", "region", "year"],
        "pools": ["pool", "region", "year"],
        "pool_members": ["pool", "measure"],
        "lags": ["measure", "quantity", "region", "age"]}
RTOL = 1e-9  # the same sums in another order: rounding only


def _same(old, new) -> None:
    for name, keys in KEYS.items():
        a, b = getattr(old, name), getattr(new, name)
        if name == "costs":  # a barrier row and an om row are two rows of one item
            a = a.groupby(keys, as_index=False)["value"].sum()
            b = b.groupby(keys, as_index=False)["value"].sum()
        a = a.sort_values(keys).reset_index(drop=True)
        b = b.sort_values(keys).reset_index(drop=True)
        assert len(a) == len(b), (name, len(a), len(b))
        for k in keys:
            assert a[k].astype(str).tolist() == b[k].astype(str).tolist(), (name, k)
        for c in a.columns:
            if c not in keys:
                np.testing.assert_allclose(b[c].to_numpy(float), a[c].to_numpy(float),
                                           rtol=RTOL, atol=1e-9, err_msg=f"{name}.{c}")


@pytest.fixture(scope="module")
def ankang():
    sc = load_scenario("scenarios/ankang_2025.yaml")
    loaded = pipeline.load(sc)
    prep = pipeline.derive(loaded)
    cat = chosen_measures(sc, loaded.catalogue)
    return sc, prep, cat


def _samples(amounts: np.ndarray, n: int, seed: int):
    rng = np.random.default_rng(seed)
    for k in range(n):
        a = amounts * rng.uniform(0.3, 1.7, size=amounts.shape)
        if k % 2:  # some rows at zero in some years: splits fall back, pairs stop applying
            a[rng.random(a.shape) < 0.15] = 0.0
        yield a


def test_central_equal_to_the_rowwise_derivation(ankang):
    sc, prep, cat = ankang
    old = rowwise_measures.derive(cat, prep.ledger, prep.amounts, list(sc.years), sc.base_year)
    new = measures.derive(cat, prep.ledger, prep.amounts, list(sc.years), sc.base_year)
    _same(old, new)
    assert len(new.effects) > 100 and len(new.bounds) > 100  # the shipped catalogue, not empty


def test_random_samples_equal_to_the_rowwise_derivation(ankang):
    sc, prep, cat = ankang
    cm = compile_measures(cat, prep.ledger, list(sc.years), sc.base_year)
    applies = []
    for a in _samples(prep.amounts, 4, seed=15):
        old = rowwise_measures.derive(cat, prep.ledger, a, list(sc.years), sc.base_year)
        new = measures.derive(cat, prep.ledger, a, list(sc.years), sc.base_year, compiled=cm)
        _same(old, new)
        applies.append(len(new.bounds))
    assert len(set(applies)) > 1  # the zeroed samples changed which pairs apply


@pytest.mark.slow
def test_pathway_equal_to_the_rowwise_derivation():
    sc = load_scenario("scenarios/peak-2030.yaml")
    loaded = pipeline.load(sc)
    prep = pipeline.derive(loaded)
    cat = chosen_measures(sc, loaded.catalogue)
    cm = compile_measures(cat, prep.ledger, list(sc.years), sc.base_year)
    for a in [prep.amounts, *_samples(prep.amounts, 1, seed=7)]:
        old = rowwise_measures.derive(cat, prep.ledger, a, list(sc.years), sc.base_year)
        _same(old, measures.derive(cat, prep.ledger, a, list(sc.years), sc.base_year,
                                   compiled=cm))


def test_a_split_whose_rows_are_all_zero_falls_back(ankang):
    """A single-category source whose rows are all zero in a year takes its change on the named
    activity with weight 1 (the catalogue's rule): the compiled terms switch to the fallback
    and agree with the row-by-row derivation."""
    sc, prep, cat = ankang
    a = prep.amounts.copy()
    rows = prep.ledger.rows
    coal = ((rows["activity"] == "raw_coal") & rows["category"].astype(str).str.startswith(
        "1.A.4")).to_numpy()
    assert coal.any()
    a[coal, -1] = 0.0
    old = rowwise_measures.derive(cat, prep.ledger, a, list(sc.years), sc.base_year)
    new = measures.derive(cat, prep.ledger, a, list(sc.years), sc.base_year)
    _same(old, new)
    assert isinstance(new.effects, pd.DataFrame)
