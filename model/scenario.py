"""Read a scenario file, apply ``--set`` overrides, and return a validated :class:`Scenario`.

Overrides address any value by a dotted path; list items are addressed by index or by their
``id`` (targets), ``name`` (projection rules) or ``year`` (growth rows)::

    --set targets.cod_load_reduction.value=4000
    --set discount_rate.value=0.05
    --set drivers.gdp_real_growth.2025.value=5
    --set gwp=AR6

The right-hand side is parsed by the same strict YAML reader as the file (so ``1e-6`` is a number
and ``NO`` is text). Every error is an :class:`~model.errors.InputError` naming file and key.
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path

from pydantic import ValidationError

from model.errors import InputError
from model.schema import Scenario
from model.yamlio import load_yaml, loads

#: The shipped Ankang 2025 scenario (default of ``peakplan run``).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCENARIO = PROJECT_ROOT / "scenarios" / "ankang_2025.yaml"


def default_scenario() -> Path:
    """``scenarios/ankang_2025.yaml`` under the working folder if there is one, else the one
    shipped with peakplan."""
    local = Path.cwd() / "scenarios" / "ankang_2025.yaml"
    return local if local.exists() else DEFAULT_SCENARIO


def _locate(items: list, seg: str, where: str) -> int:
    keys = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            k = next((k for k in ("id", "name", "year", "measure", "region") if k in item),
                     None)
            if k is not None:
                keys.append(str(item[k]))
                if str(item[k]) == seg:
                    return i
    if seg.lstrip("-").isdigit():
        i = int(seg)
        if -len(items) <= i < len(items):
            return i
        raise InputError(where, f"index or key {seg}", f"an index below {len(items)} or one of "
                         f"{keys}")
    near = difflib.get_close_matches(seg, keys, n=1)
    raise InputError(where, f"no list item {seg!r}", f"one of {keys}",
                     f"did you mean {near[0]!r}?" if near else None)


def apply_override(raw: dict, assignment: str, source: str = "--set") -> dict:
    """Return a copy of ``raw`` with one ``dotted.key=value`` assignment applied.

    A list item is found by its ``id`` (targets) or ``year`` (growth rows) first, then by
    position; an empty right-hand side is refused (it would silently mean null).
    """
    if "=" not in assignment:
        raise InputError(f"{source} {assignment!r}", "no '='", "dotted.key=value")
    path, _, text = assignment.partition("=")
    segs = [s for s in path.strip().split(".") if s]
    if not segs:
        raise InputError(f"{source} {assignment!r}", "an empty key", "dotted.key=value")
    if not text.strip():
        raise InputError(f"{source} {assignment!r}", "nothing after '='", "a value")
    value = loads(text, name=f"{source} {path}")
    out = copy.deepcopy(raw)
    node = out
    for depth, seg in enumerate(segs):
        where = f"{source} {'.'.join(segs[: depth + 1])}"
        last = depth == len(segs) - 1
        if isinstance(node, list):
            i = _locate(node, seg, where)
            if last:
                node[i] = value
            else:
                node = node[i]
        elif isinstance(node, dict):
            if seg not in node and not last:
                near = difflib.get_close_matches(seg, [str(k) for k in node], n=1)
                raise InputError(where, f"unknown key {seg!r}", f"one of {sorted(map(str, node))}",
                                 f"did you mean {near[0]!r}?" if near else None)
            if last:
                node[seg] = value  # an unknown new key is caught by the schema
            else:
                node = node[seg]
        else:
            raise InputError(where, f"a scalar ({node!r})", "a mapping or a list to index into")
    return out


def _loc_to_key(raw: object, loc: tuple) -> str:
    parts: list[str] = []
    node = raw
    for seg in loc:
        if isinstance(seg, int) and isinstance(node, list):
            item = node[seg] if seg < len(node) else None
            label = item.get("id", item.get("year")) if isinstance(item, dict) else None
            parts.append(f"[{seg}]" + (f"({label})" if label is not None else ""))
            node = item
        else:
            parts.append(("." if parts else "") + str(seg))
            node = node.get(seg) if isinstance(node, dict) else None
    return "".join(parts)


def validate(raw: object, where: str, base_dir: Path | None = None) -> Scenario:
    """Validate a raw mapping into a :class:`Scenario`; paths resolved against ``base_dir``."""
    if not isinstance(raw, dict):
        raise InputError(where, f"a {type(raw).__name__}", "a mapping of scenario keys")
    if "path" in raw:  # set by the loader, never by the file
        raise InputError(f"{where} key path", "unknown key 'path'", "a key the schema declares")
    try:
        sc = Scenario.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        key = _loc_to_key(raw, loc) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        if msg.startswith("Input should be "):  # pydantic's wording for choices and types
            msg = msg.removeprefix("Input should be ")
        if err["type"] == "string_pattern_mismatch" and loc == ("name",):
            msg = "an id of letters, digits, _ . + - (it names the results folder)"
        found = repr(err.get("input")) if err["type"] != "missing" else "nothing"
        if err["type"] == "missing":
            raise InputError(f"{where} key {key}", "nothing", "this required key") from None
        if not loc:  # a rule across keys (model validator): no single input to show
            raise InputError(where, msg, "a consistent scenario") from None
        if msg.startswith("unknown key"):
            raise InputError(f"{where} key {key}" if loc else where, msg.split(";")[0],
                             "a key the schema declares", msg.partition("; ")[2] or None) from None
        raise InputError(f"{where} key {key}", found if len(found) < 80 else found[:77] + "...",
                         msg) from None
    if base_dir is not None:
        updates = {
            "inventory": (base_dir / sc.inventory).resolve(),
            "catalogue": (base_dir / sc.catalogue).resolve(),
        }
        if sc.factors is not None:
            updates["factors"] = (base_dir / sc.factors).resolve()
        sc = sc.model_copy(update=updates)
    return sc


def load_scenario(path: str | Path | None = None, overrides: list[str] | tuple = ()) -> Scenario:
    """Load, override and validate a scenario file (default: the shipped Ankang 2025 scenario).

    Raises :class:`InputError` on a missing file, invalid YAML, an unknown key (naming the nearest
    valid one), a value of the wrong type, or a bad override.
    """
    path = Path(path) if path else default_scenario()
    raw = load_yaml(path)
    for assignment in overrides:
        if not isinstance(raw, dict):
            break
        raw = apply_override(raw, assignment)
    sc = validate(raw, str(path), base_dir=path.resolve().parent)
    return sc.model_copy(update={"path": path.resolve()})
