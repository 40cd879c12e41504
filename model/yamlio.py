"""A YAML reader that never changes a value's meaning behind the user's back.

PyYAML implements YAML 1.1, whose implicit typing has traps for planners' files: ``NO`` (Norway,
or a notation key) becomes ``False``, ``0715`` becomes the octal number 461, ``1e-6`` stays a
string, ``12:30`` becomes 750 (base 60) and ``2020-01-01`` a date. This loader resolves plain
scalars by the YAML 1.2 core schema instead, and keeps every ambiguous scalar as a *string*:

* booleans only from ``true``/``false`` (any case); ``yes``/``no``/``on``/``off``/``y``/``n`` stay
  strings, so a boolean field given ``NO`` is refused by the schema instead of read as false;
* integers only in plain decimal without a leading zero (``0715`` stays a string, refused by a
  numeric field with a message that says why);
* floats in decimal or exponent form, with or without a dot (``1e-6`` is 1e-06);
* ``null``/``~``/empty as None; no timestamps, no base-60 numbers.

Duplicate keys in a mapping are an error (PyYAML silently keeps the last one).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from model.errors import InputError


class StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema implicit resolvers and duplicate-key detection."""


StrictLoader.yaml_implicit_resolvers = {}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


def _construct_int(loader: StrictLoader, node: yaml.Node) -> int:
    return int(loader.construct_scalar(node))


def _construct_float(loader: StrictLoader, node: yaml.Node) -> float | int:
    text = loader.construct_scalar(node)
    if re.fullmatch(r"[-+]?0[0-9]+", text):  # leading-zero integer: keep the text
        return text  # type: ignore[return-value]
    return float(text)


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise InputError(f"{mark.name} line {mark.line + 1}", f"duplicate key {key!r}",
                             "each key once per mapping")
        seen[key] = True
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
StrictLoader.construct_mapping = _construct_mapping  # type: ignore[method-assign]


def load_yaml(path: str | Path) -> object:
    """Read a YAML file with :class:`StrictLoader`.

    Raises :class:`InputError` naming the file and line on a syntax error or duplicate key.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file", "a scenario YAML file")
    if not path.is_file():
        raise InputError(str(path), "a folder", "a scenario YAML file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "bytes that are not UTF-8",
                         "a YAML file saved as UTF-8") from None
    return loads(text, name=str(path))


def loads(text: str, name: str = "<string>") -> object:
    """Parse YAML text with :class:`StrictLoader` (see :func:`load_yaml`)."""
    try:
        loader = StrictLoader(text)
        loader.name = name
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{name} line {mark.line + 1}" if mark else name
        raise InputError(where, f"invalid YAML ({exc.problem})", "valid YAML") from None
