"""Issue #13, case 1: every command that writes normalises and checks its output path first.

``--out results/new/../../inventories/ankang`` (``results/new`` missing) once deleted the data
pack: the check looked at the path as typed, the atomic replace at the folder the operating
system resolved. For each writing command: a path with ``..`` through a missing folder, a
symbolic link out of the results tree, and a missing intermediate folder. Refusals exit 2 with
one line under 300 characters and leave every input and earlier result byte for byte as it
was; the missing intermediate folder is created and written.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def snapshot(*folders: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folders`` (path -> digest)."""
    out = {}
    for folder in folders:
        for p in sorted(folder.rglob("*")):
            if p.is_file() and not p.is_symlink():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def unchanged(before: dict[str, str]) -> bool:
    """Every file of ``before`` still there with the same bytes."""
    return all(Path(p).is_file() and hashlib.sha256(Path(p).read_bytes()).hexdigest() == d
               for p, d in before.items())


@pytest.fixture(scope="module")
def shipped_run(tmp_path_factory) -> Path:
    """A project copy with one run of the shipped scenario in results/ankang_2025 and its
    comparison with itself in results/cmp."""
    from typer.testing import CliRunner

    from model.cli import app

    base = tmp_path_factory.mktemp("paths")
    shutil.copytree(ROOT / "scenarios", base / "scenarios")
    shutil.copytree(ROOT / "inventories", base / "inventories")
    cwd = os.getcwd()
    os.chdir(base)
    try:
        res = CliRunner().invoke(app, ["run", "--out", "results/ankang_2025"])
        assert res.exit_code == 0, res.output
        res = CliRunner().invoke(app, ["compare", "results/ankang_2025", "results/ankang_2025",
                                       "--out", "results/cmp"])
        assert res.exit_code == 0, res.output
    finally:
        os.chdir(cwd)
    return base


@pytest.fixture
def project(shipped_run, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the project with its earlier run, as the working folder."""
    d = tmp_path / "p"
    shutil.copytree(shipped_run, d, symlinks=True)
    monkeypatch.chdir(d)
    return d


def command(name: str, out: str) -> list[str]:
    """The command line of ``name`` writing to ``out`` (the cheapest form of each)."""
    return {
        "run": ["run", "scenarios/ankang_2025.yaml", "--out", out],
        "mac": ["mac", "scenarios/ankang_2025.yaml", "--target", "cod_load_reduction",
                "--points", "2", "--out", out],
        "inventory": ["inventory", "inventories/ankang", "--year", "2020", "--out", out],
        # a comparison's report: the same path checks as a run's, without a minute of charts
        "report": ["report", "results/cmp", "--out", out],
        "compare": ["compare", "results/ankang_2025", "results/ankang_2025", "--out", out],
        "sensitivity": ["sensitivity", "scenarios/ankang_2025.yaml", "--uncertainty", "u.yaml",
                        "-N", "2", "--no-progress", "--out", out],
        "run --all": ["run", "--all", "library", "--out", out],
    }[name]


COMMANDS = ["run", "mac", "inventory", "report", "compare", "sensitivity", "run --all"]


def prepare(project: Path) -> None:
    """A one-scenario library (run --all) and a one-parameter uncertainty file (sensitivity)."""
    (project / "library").mkdir()
    (project / "library" / "one.yaml").write_text(
        "extends: ../scenarios/ankang_2025.yaml\n", encoding="utf-8")
    (project / "u.yaml").write_text(
        "uncertainty:\n  - {name: r, target: discount_rate.value, distribution: uniform, "
        "low: 0.06, high: 0.1, source: test, method: test}\n", encoding="utf-8")


def invoke(cli, args):
    code, out = cli(*args)
    lines = [ln for ln in out.splitlines() if ln.startswith("peakplan: error")]
    return code, out, lines


@pytest.mark.parametrize("name", COMMANDS)
def test_dotdot_through_a_missing_folder_is_refused(project, cli, name):
    prepare(project)
    before = snapshot(project / "inventories", project / "scenarios", project / "results")
    out = "results/new/../../inventories/ankang"
    code, text, lines = invoke(cli, command(name, out))
    assert code == 2, text
    assert len(lines) == 1 and len(lines[0]) < 300, text
    assert "Traceback" not in text
    assert "inventories/ankang" in lines[0]
    assert unchanged(before)
    assert not (project / "results" / "new").exists()  # nothing created on the way
    assert sorted(p.name for p in (project / "inventories" / "ankang").iterdir()) == sorted(
        p.name for p in (ROOT / "inventories" / "ankang").iterdir())


@pytest.mark.parametrize("name", COMMANDS)
def test_symlink_out_of_the_tree_is_refused(project, cli, name):
    prepare(project)
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine", encoding="utf-8")
    (project / "results" / "ext").symlink_to(elsewhere, target_is_directory=True)
    (project / "results" / "inv").symlink_to(project / "inventories",
                                             target_is_directory=True)
    before = snapshot(project / "inventories", project / "scenarios", project / "results",
                      elsewhere)
    for out in ("results/ext", "results/inv/ankang", "results/inv/x/../ankang"):
        if name == "run --all" and out == "results/ext":
            continue  # run --all writes beside what is there; checked through its runs below
        code, text, lines = invoke(cli, command(name, out))
        assert code == 2, (out, text)
        assert len(lines) == 1 and len(lines[0]) < 300, text
        assert "Traceback" not in text
        assert unchanged(before), out
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]


@pytest.mark.parametrize("name", COMMANDS)
def test_missing_intermediate_folders_are_created(project, cli, name):
    prepare(project)
    before = snapshot(project / "inventories", project / "scenarios", project / "results")
    code, text, _ = invoke(cli, command(name, "results/a/b/c"))
    assert code == 0, text
    written = project / "results" / "a" / "b" / "c"
    assert written.is_dir() and any(written.iterdir())
    assert unchanged(before)


def test_run_all_into_the_folder_holding_the_inputs_is_refused(project, cli):
    """run --all writes a folder per scenario into --out: never beside the data pack."""
    prepare(project)
    names = sorted(p.name for p in (project / "inventories").iterdir())
    code, text, lines = invoke(cli, command("run --all", "results/new/../../inventories"))
    assert code == 2 and len(lines) == 1 and len(lines[0]) < 300, text
    assert "holding the input folder ankang" in lines[0]
    assert sorted(p.name for p in (project / "inventories").iterdir()) == names


def test_output_path_through_a_file_is_one_line(project, cli):
    (project / "results" / "afile").write_text("mine", encoding="utf-8")
    code, text, lines = invoke(cli, command("run", "results/afile/sub"))
    assert code == 2 and len(lines) == 1 and len(lines[0]) < 300, text
    assert "through the file results/afile" in lines[0]
    assert (project / "results" / "afile").read_text(encoding="utf-8") == "mine"


def test_resolve_out_follows_the_operating_system(tmp_path, monkeypatch):
    """The path checked is the path the OS will create: a link first, then its '..'."""
    from model.errors import InputError
    from model.io import resolve_out

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "l").symlink_to(tmp_path / "a" / "b", target_is_directory=True)
    assert resolve_out("l/../x") == (tmp_path / "a" / "x").resolve()  # not tmp_path/x
    assert resolve_out("new/../../x") == (tmp_path.parent / "x").resolve()
    with pytest.raises(InputError, match="working folder"):
        resolve_out("new/..")
    with pytest.raises(InputError, match="input folder a"):
        resolve_out("l/../y", inputs=[tmp_path / "a"])
