"""model.yamlio bounds: billion laughs, cycles, depth, size, tags (issue #9) — one-line errors."""

import re
import time
from pathlib import Path

import pytest

from model.errors import InputError
from model.yamlio import MAX_ALIASES, MAX_BYTES, MAX_DEPTH, MAX_NODES, load_yaml, loads

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios" / "ankang_2025.yaml"


def billion_laughs(levels: int = 9, indent: str = "") -> str:
    """The classic document: level i is a list of nine aliases of level i-1, so the last level
    stands for 9**levels strings (9**9 = 387,420,489) in a few hundred bytes."""
    lines = [f'{indent}a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{indent}a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_fast_naming_file_and_line():
    t = time.perf_counter()
    with pytest.raises(InputError) as e:
        loads(billion_laughs(), name="bomb.yaml")
    assert time.perf_counter() - t < 1.0
    msg = str(e.value)
    # a0 has 10 nodes, a1 1 + 9*10 = 91, a2 820, a3 7,381, a4 66,430, a5 597,871 > 100,000:
    # the first node over budget is a5's list, on line 6
    assert msg.startswith("bomb.yaml line 6: found a node that expands to 597,871 nodes")
    assert f"at most {MAX_NODES:,} nodes" in msg and "\n" not in msg


def test_expansion_just_within_budget_is_read():
    # a0..a4 expand to 10 + 91 + 820 + 7,381 + 66,430 nodes, plus the root mapping and its five
    # keys: 74,738 nodes, within 100,000; 36 alias references, within 100
    data = loads(billion_laughs(levels=5))
    assert len(data["a4"]) == 9 and data["a4"][0][0][0][0] == ["lol"] * 9


def test_alias_references_are_counted():
    text = "s: &s 1\n" + "".join(f"k{i}: *s\n" for i in range(MAX_ALIASES))
    assert loads(text)["k99"] == 1  # exactly MAX_ALIASES (100) references are fine
    with pytest.raises(InputError, match=r"f.yaml line 102: found more than 100 alias"):
        loads(text + "k100: *s\n", name="f.yaml")


@pytest.mark.parametrize("text", ["a: &a [*a]", "a: &a {b: [1, *a]}"])
def test_an_alias_inside_its_own_anchor_is_refused(text):
    with pytest.raises(InputError, match="a cycle"):
        loads(text)


def test_depth_is_bounded_without_recursion_error():
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(InputError, match=rf"nesting deeper than {MAX_DEPTH} levels"):
        loads("[" * 100_000 + "]" * 100_000)
    # depth reached through aliases: 4 lists of 10 levels each, nested by alias = 40 levels
    text = "a: &a " + "[" * 10 + "]" * 10 + "\n"
    for name, prev in (("b", "a"), ("c", "b"), ("d", "c")):
        text += f"{name}: &{name} " + "[" * 9 + f"[*{prev}]" + "]" * 9 + "\n"
    with pytest.raises(InputError, match="nested 33 levels deep"):
        loads(text)


def test_size_is_bounded(tmp_path):
    p = tmp_path / "big.yaml"
    p.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(InputError, match=r"big.yaml: found a file larger than 1,048,576 bytes"):
        load_yaml(p)
    with pytest.raises(InputError, match="larger than"):
        loads("a: " + "x" * MAX_BYTES)


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!timestamp 2020-01-01", "!!set {x}",
                                 "!!python/name:os.system", "!custom 1"])
def test_tags_outside_the_core_schema_are_refused(tag):
    with pytest.raises(InputError, match="could not determine a constructor"):
        loads(f"a: {tag}")


def test_core_tags_still_work():
    assert loads("a: !!str 5\nb: !!float 1\nc: !!int 7\nd: !!null\ne: !!bool true") == {
        "a": "5", "b": 1.0, "c": 7, "d": None, "e": True}


@pytest.mark.parametrize(("text", "needle"), [
    ("a: " + "1" * 5000, "the integer '111111111111... (5000 characters)'"),
    ("a: !!int 0x10", "the integer '0x10'"),
    ("a: !!float abc", "the float 'abc'"),
    ("{? [a]: 1}", "a list used as a key"),
])
def test_values_python_cannot_build_are_one_line_errors(text, needle):
    with pytest.raises(InputError) as e:
        loads(text, name="f.yaml")
    assert str(e.value).startswith("f.yaml line 1: found ") and needle in str(e.value)


@pytest.mark.parametrize(("data", "needle"), [
    ("name: x\n".encode("utf-16"), "UTF-16 or UTF-32 (byte-order mark)"),
    ("name: x\n".encode("utf-16-le"), "NUL bytes"),
])
def test_utf16_yaml_is_refused(tmp_path, data, needle):
    p = tmp_path / "s.yaml"
    p.write_bytes(data)
    with pytest.raises(InputError, match=re.escape(needle)):
        load_yaml(p)


def test_shipped_scenario_is_within_every_bound():
    data = load_yaml(SHIPPED)
    assert data["name"] == "ankang_2025"
