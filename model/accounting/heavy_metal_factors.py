"""Heavy-metal coefficients of the key industries (环固体〔2022〕17号): t of Pb, Hg, Cd, Cr, As per
unit of an activity (a discharge volume times a concentration, or a product times a factor per
tonne: the discharge-coefficient method of the pollution-source census), and their sum
``heavy_metals``, the quantity of the plan's total-control target.

Used by :mod:`model.inventory.heavy_metals` (the records) and :mod:`model.accounting.ledger`
(the coefficients of heavy-metal rows), one basis. Moved from ``model/inventory/heavy_metals.py``
for issue #17 so that the accounting layer imports nothing from the inventory.
"""

from __future__ import annotations

from model.accounting.factor_library import FactorLibrary
from model.accounting.factors import Coefficient
from model.accounting.sources import HEAVY_METAL_TOTAL, HEAVY_METALS
from model.errors import InputError
from model.units import convert


def coefficient(lib: FactorLibrary, category: str, activity: str, unit: str, gas: str,
                where: str = "activity") -> Coefficient | None:
    """t of heavy metal ``gas`` per ``unit`` of ``activity`` in ``category``, or None if the
    factor library holds no factor (the metal is NE for that source). Raises InputError if
    the factor's unit does not turn the activity unit into a mass."""
    f = lib.find(category, activity, gas)
    if f is None:
        return None
    try:
        value = convert(f.value, f"({unit}) * ({f.unit})", "t", where=where)
    except InputError:
        raise InputError(where, f"{activity} in '{unit}' with a {gas} factor in '{f.unit}' "
                         f"({f.where})", "a factor that turns the activity into a mass (mg/L "
                         "or g/m**3 of a volume, g/t of a product)") from None
    return Coefficient(value, (f,))


def coefficients(lib: FactorLibrary, category: str, activity: str, unit: str,
                 where: str = "activity") -> dict[str, float]:
    """{metal: t per unit} for the metals with a factor, plus their sum ``heavy_metals``."""
    out = {}
    for gas in HEAVY_METALS:
        c = coefficient(lib, category, activity, unit, gas, where)
        if c is not None:
            out[gas] = c.value
    out[HEAVY_METAL_TOTAL] = sum(out.values())
    return out
