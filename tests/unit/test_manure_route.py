"""A manure management route change in CH4 and N2O, by hand (IPCC 2006 Vol 4 Ch 10).

Swine: Tier 1 manure CH4 3 kg/head/yr (Table 10.14, Asia 16 C), management shares solid storage
0.6, liquid/slurry 0.2, anaerobic digester 0.2 with MCF 0.04, 0.29, 0.10 (Table 10.17):
Σ MS·MCF = 0.024 + 0.058 + 0.020 = 0.102. Manure 5.3 kg/head/day (census) -> m = 1.9345
t/head/yr; Nex 5.11 kg N/head/yr; EF3 liquid/slurry 0, passive windrow 0.01 kg N2O-N/kg N
(Table 10.21).

CH4 per t of manure in system S = EF/(Σ MS·MCF)·MCF_S/m:
    liquid/slurry: 0.003/0.102·0.29/1.9345 = 0.0044091 t CH4/t
    passive windrow: 0.003/0.102·0.02/1.9345 = 0.00030407 t CH4/t
N2O per t in S = Nex/m·EF3_S·44/28/1000: slurry 0, windrow 5.11/1.9345·0.01·1.5714/1000
    = 4.15094e-5 t N2O/t.
Moving 1 t from slurry to windrow: CH4 −0.0041050 t, N2O +4.15094e-5 t;
CO2e (AR5: 28, 265) −0.114941 + 0.011000 = −0.103941 t.
The shares reproduce the Tier 1 factor: Σ MS·CH4_S·m = 0.003 t/head.
"""

from __future__ import annotations

import pytest

from model.accounting.factor_library import FactorLibrary
from model.accounting.livestock import manure_system_per_tonne

ROWS = [
    ("3.A.2", "swine", "CH4", 3, "kg CH4 / head"),
    ("3.A.2", "swine", "MS_solid_storage", 0.6, "dimensionless"),
    ("3.A.2", "swine", "MS_liquid_slurry", 0.2, "dimensionless"),
    ("3.A.2", "swine", "MS_anaerobic_digester", 0.2, "dimensionless"),
    ("3.A.2", "solid_storage", "MCF", 0.04, "dimensionless"),
    ("3.A.2", "liquid_slurry", "MCF", 0.29, "dimensionless"),
    ("3.A.2", "anaerobic_digester", "MCF", 0.10, "dimensionless"),
    ("3.A.2", "composting_passive_windrow", "MCF", 0.02, "dimensionless"),
    ("3.A.2", "swine", "Nex", 5.11, "kg N / head"),
    ("3.A.2", "solid_storage", "EF3", 0.005, "kg / kg"),
    ("3.A.2", "anaerobic_digester", "EF3", 0.0, "kg / kg"),
    ("3.A.2", "liquid_slurry", "EF3", 0.0, "kg / kg"),
    ("3.A.2", "composting_passive_windrow", "EF3", 0.01, "kg / kg"),
    ("3.A", "swine", "manure", 5.3, "kg/head/d"),
]


@pytest.fixture
def lib(tmp_path):
    lines = ["factor_set,category,activity,gas,value,unit,source,status,method"]
    lines += [f"ipcc2006,{c},{a},{g},{v},{u},test fixture,reported," for c, a, g, v, u in ROWS]
    (tmp_path / "f.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return FactorLibrary.load(tmp_path)


def test_per_tonne_by_hand(lib):
    slurry = manure_system_per_tonne(lib, "swine", "liquid_slurry")
    windrow = manure_system_per_tonne(lib, "swine", "composting_passive_windrow")
    assert slurry["CH4"] == pytest.approx(0.0044091, rel=1e-4)
    assert windrow["CH4"] == pytest.approx(0.00030407, rel=1e-4)
    assert slurry["N2O"] == 0.0
    assert windrow["N2O"] == pytest.approx(4.15094e-5, rel=1e-5)
    d_ch4 = windrow["CH4"] - slurry["CH4"]
    d_n2o = windrow["N2O"] - slurry["N2O"]
    assert d_ch4 == pytest.approx(-0.0041050, rel=1e-4)
    assert 28 * d_ch4 + 265 * d_n2o == pytest.approx(-0.103941, rel=1e-4)


def test_shares_reproduce_the_tier1_factor(lib):
    m = 1.9345
    total = sum(ms * manure_system_per_tonne(lib, "swine", s)["CH4"] * m
                for s, ms in (("solid_storage", 0.6), ("liquid_slurry", 0.2),
                              ("anaerobic_digester", 0.2)))
    assert total == pytest.approx(0.003, rel=1e-12)


def test_missing_mcf_names_the_factor(lib):
    from model.errors import InputError

    with pytest.raises(InputError, match=r"lagoon.*MCF|MCF.*lagoon"):
        manure_system_per_tonne(lib, "swine", "lagoon")
