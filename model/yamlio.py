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

Bounded, so that a hostile or broken file ends in one line instead of filling memory (a "billion
laughs" document of nested anchors and aliases is a few hundred bytes and expands to 10**9
nodes — PyYAML itself shares the aliased objects, but every later step that walks the data, from
validation to an error message showing the value, expands it):

* a document holds at most :data:`MAX_BYTES` bytes (1 MiB; the shipped scenario is 8 KB);
* at most :data:`MAX_ALIASES` alias references (``*name``) per document;
* expanded — every alias counted as the whole node it stands for — at most :data:`MAX_NODES`
  nodes (the shipped scenario has about 400) and :data:`MAX_DEPTH` levels of nesting (it has 5);
* an alias inside the node it refers to (a cycle) is refused;
* explicit tags only of the YAML core schema (``!!str``, ``!!int``, ``!!float``, ``!!bool``,
  ``!!null``, ``!!seq``, ``!!map``): ``!!binary``, ``!!timestamp``, ``!!set`` and the like are
  refused, as is a list or mapping used as a key.

Each limit, like every syntax error, is an :class:`~model.errors.InputError` naming the file and
line.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from model.errors import InputError

#: Largest document, in bytes (1 MiB).
MAX_BYTES = 1 << 20
#: Most alias references (``*name``) in one document.
MAX_ALIASES = 100
#: Most nodes of a document with every alias expanded.
MAX_NODES = 100_000
#: Deepest nesting of a document (with aliases expanded).
MAX_DEPTH = 32


def _where(mark: yaml.Mark | None, name: str) -> str:
    return f"{name} line {mark.line + 1}" if mark is not None else name


class StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema implicit resolvers, duplicate-key detection and
    bounds on aliases and nesting (see the module docstring)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise InputError(_where(mark, self.name), f"more than {MAX_ALIASES} alias "
                                 "references (*name)", f"at most {MAX_ALIASES} in one file",
                                 "write the values out instead of repeating an anchor")
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise InputError(_where(mark, self.name), f"nesting deeper than {MAX_DEPTH} "
                                 "levels", f"at most {MAX_DEPTH} levels of lists and mappings")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Explicit tags: the YAML core schema only. SafeLoader also knows binary, timestamp, set, omap
# and pairs; without them those tags reach the constructor of unknown tags (the None entry),
# PyYAML's "could not determine a constructor" error.
_CORE_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq",
                                                 "map")}
StrictLoader.yaml_constructors = {
    tag: fn for tag, fn in yaml.SafeLoader.yaml_constructors.items()
    if tag in _CORE_TAGS or tag is None
}
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


def _construct_int(loader: StrictLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    try:
        return int(text)
    except ValueError:  # '!!int 0x10', or more digits than Python converts (4300)
        shown = text if len(text) <= 20 else f"{text[:12]}... ({len(text)} characters)"
        raise InputError(_where(node.start_mark, loader.name), f"the integer {shown!r}",
                         "a whole number in plain decimal (no more than 4300 digits)") from None


def _construct_float(loader: StrictLoader, node: yaml.ScalarNode) -> float | int:
    text = loader.construct_scalar(node)
    if re.fullmatch(r"[-+]?0[0-9]+", text):  # leading-zero integer: keep the text
        return text  # type: ignore[return-value]
    try:
        return float(text)
    except ValueError:  # an explicit '!!float abc'
        raise InputError(_where(node.start_mark, loader.name), f"the float {text[:20]!r}",
                         "a number in decimal or exponent form") from None


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise InputError(_where(key_node.start_mark, loader.name),
                             f"a {type(key).__name__} used as a key",
                             "a key that is text or a number") from None
        if key in seen:
            mark = key_node.start_mark
            raise InputError(f"{mark.name} line {mark.line + 1}", f"duplicate key {key!r}",
                             "each key once per mapping")
        seen[key] = True
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
# a monkeypatch of the class attribute: types-PyYAML types it for SafeConstructor
StrictLoader.construct_mapping = _construct_mapping  # type: ignore[method-assign, assignment]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def check_expansion(root: yaml.Node, name: str) -> int:
    """Number of nodes of ``root`` with every alias expanded; raises :class:`InputError` on more
    than :data:`MAX_NODES` nodes, more than :data:`MAX_DEPTH` levels, or a cycle.

    Linear in the number of distinct nodes (each shared node is measured once), so a billion
    laughs document is refused after a few dozen steps, without expanding it.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_: set[int] = set()  # nodes whose children are being measured (the current path)
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            open_.discard(key)
            if size[key] > MAX_NODES:
                raise InputError(_where(node.start_mark, name), f"a node that expands to "
                                 f"{size[key]:,} nodes (anchors and aliases)",
                                 f"at most {MAX_NODES:,} nodes in one file",
                                 "write the values out instead of nesting aliases")
            if depth[key] > MAX_DEPTH:
                raise InputError(_where(node.start_mark, name), f"a node nested {depth[key]} "
                                 "levels deep (anchors and aliases expanded)",
                                 f"at most {MAX_DEPTH} levels of lists and mappings")
            continue
        if key in size:
            continue
        if key in open_:
            raise InputError(_where(node.start_mark, name), "an alias inside the node it "
                             "refers to (a cycle)", "an alias only to a complete, earlier node")
        open_.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in _children(node) if id(k) not in size)
    return size[id(root)]


def _not_text(raw: bytes) -> str | None:
    """Why ``raw`` is not UTF-8 YAML text, if it is UTF-16/32 or binary; else None."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return "a file saved as UTF-16 or UTF-32 (byte-order mark)"
    if b"\x00" in raw:
        return "NUL bytes (a file saved as UTF-16, or not a text file)"
    return None


def load_yaml(path: str | Path) -> object:
    """Read a YAML file with :class:`StrictLoader`.

    Raises :class:`InputError` naming the file (and line) on a missing file or a folder, a file
    larger than :data:`MAX_BYTES`, bytes that are not UTF-8, a syntax error, a duplicate key, or a
    document beyond the alias, node or depth bounds (see the module docstring).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file", "a scenario YAML file")
    if path.is_dir():
        raise InputError(str(path), "a folder", "a scenario YAML file")
    if not path.is_file():
        raise InputError(str(path), "not a regular file", "a scenario YAML file")
    with path.open("rb") as f:
        raw = f.read(MAX_BYTES + 1)  # never read more than the bound, whatever stat() says
    if len(raw) > MAX_BYTES:
        raise InputError(str(path), f"a file larger than {MAX_BYTES:,} bytes",
                         "a scenario file of at most 1 MiB")
    why = _not_text(raw)
    if why:
        raise InputError(str(path), why, "a YAML file saved as UTF-8", "save it as UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "bytes that are not UTF-8",
                         "a YAML file saved as UTF-8") from None
    return loads(text, name=str(path))


def loads(text: str, name: str = "<string>") -> object:
    """Parse YAML text with :class:`StrictLoader` (see :func:`load_yaml`), within the same
    bounds (at most :data:`MAX_BYTES` bytes as UTF-8)."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(name, f"YAML text larger than {MAX_BYTES:,} bytes", "at most 1 MiB")
    try:
        loader = StrictLoader(text)
        loader.name = name
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            check_expansion(node, name)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(_where(mark, name), f"invalid YAML ({exc.problem})",
                         "valid YAML") from None
    except yaml.YAMLError as exc:  # unmarked reader errors (e.g. a control character)
        raise InputError(name, f"invalid YAML ({exc})", "valid YAML") from None
