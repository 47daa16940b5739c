"""The fast start: ``common.bind`` binds a command line exactly as Typer would, or not at all.

For every registered command, command lines are drawn from its own option names, choice
values, paths and junk; whenever ``bind`` accepts one, Typer must accept it too and call
the command with the same arguments (recorded by a wrapper with the command's signature
that does not run it). A command added to ``cli/__init__.py`` is covered without a change
here.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.cli.common import _spec, bind

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "julu-2024-zhengfawei.txt"
COMMANDS: dict[str, Callable[..., Any]] = {
    c.name: c.callback for c in app.registered_commands if c.name and c.callback
}
ENVVARS = ("JIXIAO_CONFIG", "JIXIAO_POLICY", "JIXIAO_HOST", "JIXIAO_PORT")
runner = CliRunner()


def _typer_kwargs(name: str, args: list[str], env: dict[str, str]) -> dict[str, Any] | None:
    """What Typer passes to command ``name`` for ``args``; None when it refuses them."""
    fn = COMMANDS[name]
    calls: list[dict[str, Any]] = []

    @functools.wraps(fn)
    def spy(**kwargs: Any) -> None:
        calls.append(kwargs)

    probe = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    probe.callback()(lambda: None)
    probe.command(name)(spy)
    result = runner.invoke(probe, [name, *args], env=env)
    return calls[0] if result.exit_code == 0 and calls else None


def _vocabulary(name: str) -> list[str]:
    """Every option name of the command and every value of its choices."""
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    words: list[str] = []
    for p in command.params:
        words += [*p.opts, *p.secondary_opts]
    spec = _spec(COMMANDS[name])
    if spec is not None:  # and every name bind would accept
        words += list(spec.options)
    module = sys.modules[COMMANDS[name].__module__]
    for obj in vars(module).values():
        if isinstance(obj, type) and issubclass(obj, Enum) and obj is not Enum:
            words += [str(m.value) for m in obj]
    return words


def _token(name: str, tmp: Path) -> st.SearchStrategy[str]:
    words = _vocabulary(name)
    junk = ["-", "--", "--help", "-x", "--nope", "", "TEXT", "Json", "0", "2", "-3", "007", " 5"]
    paths = [str(SAMPLE), str(tmp), str(tmp / "missing.txt"), "a b.txt", "报告.json"]
    plain = st.sampled_from(words + junk + paths)
    joined = st.builds(
        lambda w, v: f"{w}={v}",
        st.sampled_from([w for w in words if w.startswith("--")] or ["--x"]),
        st.sampled_from(words + paths + ["", "1"]),
    )
    return plain | joined | st.text("ab-=./ 中", max_size=4)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_bind_agrees_with_typer(name: str, tmp_path: Path) -> None:
    env_values = {
        "JIXIAO_CONFIG": str(tmp_path / "review.toml"),
        "JIXIAO_POLICY": "mof-2020",
        "JIXIAO_HOST": "0.0.0.0",
        "JIXIAO_PORT": "8123",
    }

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        args=st.lists(_token(name, tmp_path), max_size=6),
        env=st.sets(st.sampled_from(ENVVARS)).map(lambda s: {k: env_values[k] for k in s}),
    )
    def agree(args: list[str], env: dict[str, str]) -> None:
        with pytest.MonkeyPatch.context() as mp:
            for k in ENVVARS:
                mp.delenv(k, raising=False)
            for k, v in env.items():
                mp.setenv(k, v)
            bound = bind(COMMANDS[name], args)
        if bound is not None:
            assert _typer_kwargs(name, args, env) == bound, args

    agree()


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "a.txt"],
        ["parse", "a.txt", "--yaml"],
        ["check", "a.txt"],
        ["check", "a.txt", "b.txt", "dir", "-f", "jsonl", "-j", "2"],
        ["check", "--format=json", "a.txt", "--output", "out.json"],
        ["check", "--rules"],
        ["score", "s.yaml", "--format", "json", "--strict"],
        ["score", "s.yaml", "--policy", "mof-2020", "--xlsx", "out.xlsx"],
        ["monitor", "p.txt", "--ledger", "l.csv", "--as-of", "2024-08-31", "-f", "json"],
        [
            "monitor",
            "p.txt",
            "-l",
            "l.csv",
            "--as-of",
            "2024-08-31",
            "--feed",
            "a.yaml",
            "--feed",
            "b.yaml",
            "-p",
            "progress.csv",
        ],
        ["render", "p.txt", "-f", "txt"],
        ["render", "p.txt", "-o", "out.pdf"],
    ],
)
def test_the_common_forms_take_the_fast_path(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for k in ENVVARS:
        monkeypatch.delenv(k, raising=False)
    bound = bind(COMMANDS[args[0]], args[1:])
    assert bound is not None
    assert bound == _typer_kwargs(args[0], args[1:], {})


def test_help_and_mistakes_go_to_typer() -> None:
    for args in (["--help"], ["a.txt", "--format", "xml"], ["a.txt", "--nope"], [], ["--", "a"]):
        assert bind(COMMANDS["check"], args) is None or args == []
    assert bind(COMMANDS["parse"], []) is None  # a required argument is missing


def _process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from jixiao.cli import main; main()", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_a_mistake_gets_typers_usage_message_and_exit_2() -> None:
    proc = _process("check", str(SAMPLE), "--format", "xml")
    assert proc.returncode == 2
    assert "xml" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_help_is_typers() -> None:
    proc = _process("check", "--help")
    assert proc.returncode == 0
    assert "审核绩效目标" in proc.stdout
    assert "--jobs" in proc.stdout
