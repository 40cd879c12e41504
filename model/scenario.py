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
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from model.errors import InputError, nearest, one_of
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


def default_inventory() -> Path:
    """The data pack the default scenario (:func:`default_scenario`) names in its
    ``inventory`` key (relative to the scenario file): the default of ``peakplan
    inventory``. Raises InputError if that scenario names none."""
    path = default_scenario()
    raw = load_yaml(path)
    named = raw.get("inventory") if isinstance(raw, dict) else None
    if not named:
        raise InputError(str(path), "no 'inventory' key", "the data pack folder of the "
                         "default scenario (or give the pack: peakplan inventory FOLDER)")
    return (path.parent / str(named)).resolve()


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
        raise InputError(where, f"index or key {seg}", f"an index below {len(items)} or "
                         f"{one_of(keys)}", nearest(seg, keys))
    raise InputError(where, f"no list item {seg!r}", one_of(keys), nearest(seg, keys))


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
                raise InputError(where, f"unknown key {seg!r}", one_of(sorted(map(str, node))),
                                 nearest(seg, node))
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
    for key in ("path", "chain"):  # set by the loader, never by the file
        if key in raw:
            raise InputError(f"{where} key {key}", f"unknown key '{key}'",
                             "a key the schema declares")
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
        for key in ("factors", "gas_supply", "commitments"):
            if getattr(sc, key) is not None:
                updates[key] = (base_dir / getattr(sc, key)).resolve()
        sc = sc.model_copy(update=updates)
    return sc


#: keys of a scenario that name files, relative to the scenario's folder (resolved on loading,
#: rebased through ``extends:``, compared by the files' content in ``peakplan compare``)
FILE_KEYS = ("inventory", "catalogue", "factors", "gas_supply", "commitments")
#: keys of a scenario file that compose it and are not scenario values
COMPOSE_KEYS = ("extends", "set")
#: lists merged item by item (by their key) when a scenario extends another
MERGED_LISTS = {"targets": "id", "projection": "name", "drivers.gdp_real_growth": "year",
                "grid_factor_path": "year"}
MAX_CHAIN = 20


def _rebase_paths(raw: dict, src: Path, dst: Path) -> dict:
    """Paths of a parent file (inventory, catalogue, factors, gas_supply, commitments) made
    relative to the child's
    folder, so a parent in another folder keeps pointing at its own data."""
    out = dict(raw)
    for key in FILE_KEYS:
        if isinstance(out.get(key), str):
            target = (src.parent / out[key]).resolve()
            try:
                out[key] = str(Path(os.path.relpath(target, dst.parent)))
            except ValueError:  # another drive (Windows)
                out[key] = str(target)
    return out


def _merge(parent: object, child: object, where: str, key: str = "") -> object:
    """Child values over the parent's: mappings merged key by key; the lists of
    :data:`MERGED_LISTS` merged item by item by their key (a child item replaces the parent's
    fields it names, a new key is appended; an empty list clears the parent's); any other list or
    scalar replaced."""
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for k, v in child.items():
            sub = f"{key}.{k}" if key else str(k)
            out[k] = _merge(parent[k], v, where, sub) if k in parent else v
        return out
    if isinstance(parent, list) and isinstance(child, list) and key in MERGED_LISTS and child:
        ident = MERGED_LISTS[key]
        items = [dict(i) if isinstance(i, dict) else i for i in parent]
        index = {str(i.get(ident)): n for n, i in enumerate(items) if isinstance(i, dict)}
        for item in child:
            if not isinstance(item, dict) or ident not in item:
                raise InputError(f"{where} key {key}", repr(item),
                                 f"list items with an '{ident}' (merged with the parent's)")
            k = str(item[ident])
            if k in index:
                items[index[k]] = {**items[index[k]], **item}
            else:
                index[k] = len(items)
                items.append(item)
        return items
    return child


def compose(path: Path, chain: list[Path] | None = None) -> tuple[Any, list[Path]]:
    """The raw mapping (any YAML value when the top file holds no mapping) of a scenario
    file with its ``extends:`` chain resolved and its ``set:``
    overrides applied, and the chain (this file first, then its parents).

    A file may ``extends: other.yaml`` (relative to itself) and ``set: {dotted.key: value}``:
    named overrides applied, like ``--set``, after the child's own keys are merged over the
    parent's. Raises InputError on a loop, a missing parent, a ``set`` key that is also given
    directly, or an override naming a missing key."""
    chain = [] if chain is None else chain
    path = path.resolve()
    if path in chain:
        loop = " -> ".join(p.name for p in [*chain, path])
        raise InputError(f"{chain[0]} key extends", f"a loop {loop}",
                         "a chain of scenarios that ends in a file without 'extends'")
    if len(chain) >= MAX_CHAIN:
        raise InputError(f"{chain[0]} key extends", f"a chain of more than {MAX_CHAIN} files",
                         "a shorter chain")
    if not path.exists():
        where = f"{chain[-1]} key extends" if chain else str(path)
        raise InputError(where, f"no file {path}", "an existing scenario file")
    raw: Any = load_yaml(path)  # any YAML value until checked to be a mapping
    if not isinstance(raw, dict):
        if chain:  # a parent must be a scenario mapping to merge over
            what = {type(None): "is empty", list: "holds a list", str: "holds plain text"}.get(
                type(raw), f"holds a {type(raw).__name__}")
            raise InputError(f"{chain[-1]} key extends", f"{path.name}, which {what}",
                             "a scenario file (a mapping of scenario keys) to extend")
        return raw, [*chain, path]
    raw = dict(raw)
    parent_name, sets = raw.pop("extends", None), raw.pop("set", None) or {}
    if not isinstance(sets, dict):
        raise InputError(f"{path} key set", f"a {type(sets).__name__}",
                         "a mapping of dotted keys to values")
    full_chain = [*chain, path]
    if parent_name is not None:
        if not isinstance(parent_name, str):
            raise InputError(f"{path} key extends", repr(parent_name), "a file name")
        parent_path = (path.parent / parent_name).resolve()
        parent, full_chain = compose(parent_path, full_chain)
        parent = _rebase_paths(parent, parent_path, path)
        parent.pop("abstract", None)  # a base's abstractness is its own
        raw = _merge(parent, raw, str(path))
    for k, v in sets.items():
        top = str(k).split(".")[0]
        own = load_yaml(path)
        if isinstance(own, dict) and top in own and top not in COMPOSE_KEYS:
            raise InputError(f"{path} key set.{k}", f"'{top}' also given directly in the file",
                             "each value once: either as a key or in 'set'")
        raw = apply_override(raw, f"{k}={_yaml_text(v)}", source=f"{path} key set")
    return raw, full_chain


def _yaml_text(v: object) -> str:
    import json

    return json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else json.dumps(v)


def load_scenario(path: str | Path | None = None, overrides: list[str] | tuple = ()) -> Scenario:
    """Load, compose (``extends:``, ``set:``), override (``--set``) and validate a scenario file
    (default: the shipped Ankang 2025 scenario). The chain of files is in ``Scenario.chain``.

    Raises :class:`InputError` on a missing file, invalid YAML, a loop or a missing parent, an
    unknown key (naming the nearest valid one), a value of the wrong type, or a bad override.
    """
    path = Path(path) if path else default_scenario()
    if not path.exists():
        raise InputError(str(path), "no such file", "a scenario YAML file")
    raw, chain = compose(path)
    for assignment in overrides:
        if not isinstance(raw, dict):
            break
        raw = apply_override(raw, assignment)
    sc = validate(raw, str(path), base_dir=path.resolve().parent)
    return sc.model_copy(update={"path": path.resolve(), "chain": [str(p) for p in chain]})
