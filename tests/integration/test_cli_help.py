"""The CLI's own surface (issue #9): --version, help with examples and exit statuses, boolean
options as flags, and a start-up that loads nothing heavy for --help or --version."""

import importlib.metadata
import subprocess
import sys

import pytest

import model
from model.cli import app

COMMANDS = ["run", "validate", "inventory", "report", "compare"]
# (typer itself loads pydantic to build a command's options, so it is not in this list; rich is:
# help is plain text)
HEAVY = ("pint", "openscm_units", "pandas", "numpy", "pyomo", "scipy", "rich")


def test_version(cli):
    code, out = cli("--version")
    assert code == 0
    assert out.strip() == f"peakplan {importlib.metadata.version('peakplan')}"
    assert model.__version__ == importlib.metadata.version("peakplan")  # one version, not two


def test_app_help_has_examples_and_every_exit_status(cli):
    code, out = cli("--help")
    assert code == 0
    examples = out[out.index("Examples:"):out.index("Exit status:")]
    assert "peakplan run" in examples and "peakplan validate" in examples
    statuses = out[out.index("Exit status:"):]
    for line in ("0  done", "2  bad input", "3  infeasible target set", "4  solver failure"):
        assert line in statuses, line
    for command in COMMANDS:
        assert f"  {command} " in out


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_examples_and_exit_statuses(cli, command):
    code, out = cli(command, "--help")
    assert code == 0
    examples = out[out.index("Examples:"):out.index("Exit status:")]
    assert f"peakplan {command}" in examples
    statuses = out[out.index("Exit status:"):]
    assert "0  " in statuses and "2  bad input" in statuses
    if command in ("run", "validate"):
        assert "3  " in statuses and "4  solver failure" in statuses


@pytest.mark.parametrize("args", [["--help"], *[[c, "--help"] for c in COMMANDS]])
def test_boolean_options_are_plain_flags(cli, args):
    code, out = cli(*args)
    assert code == 0 and "<bool>" not in out and "--no-" not in out
    if args[0] == "run":
        line = next(ln for ln in out.splitlines() if "--save-lp" in ln)
        assert line.split() == ["--save-lp", "also", "write", "the", "LP", "file"]


def test_save_lp_is_a_flag_that_takes_no_value():
    from typer.main import get_command

    run = get_command(app).commands["run"]
    save_lp = next(p for p in run.params if p.name == "save_lp")
    assert save_lp.is_flag and not save_lp.secondary_opts


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["run", "--help"],
                                  ["inventory", "--help"]])
def test_help_and_version_load_nothing_heavy(args):
    code = (f"import sys\nfrom model.cli import app\ntry:\n    app({args!r})\n"
            f"except SystemExit:\n    pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert res.stderr.strip().splitlines()[-1] == "[]", res.stderr
