"""What every file command shares: exit codes, messages, reading input, and a fast start.

Exit status means something: 0 ok, 1 findings of error severity, 2 unreadable input or
bad usage; never a traceback.

How a file command (``parse``, ``check``, ``score``, ``monitor``, ``render`` …) starts fast
----------------------------------------------------------------------------------------
A command is a plain Typer function in its own module, registered with one line in
``cli/__init__.py``: ``app.command("name")(module.function)``. To start in about the
time of ``python`` plus the core:

1. At module level import only the standard library, ``typer`` and ``jixiao.cli.common``.
   The core, Rich, openpyxl, pdfplumber, WeasyPrint, python-docx … are imported inside
   the function, on the path that needs them (``tests/cli/test_no_django.py`` holds the
   line for Django and the heavy libraries).
2. Declare parameters as ``Annotated[T, typer.Argument(...)]`` / ``typer.Option(...)``
   with ``T`` one of ``str``, ``Path``, ``int``, ``bool``, a ``StrEnum``, ``T | None``, or
   ``list[Path]`` / ``list[str]`` for the last argument, without parameter callbacks or
   path checks (``exists=True`` …); check such things in the function. A command
   outside this set still works, through Typer alone, but starts slowly.
3. Print file text only through ``jixiao.cli.term`` (``safe``, ``paint``) and ``err``, and
   import Rich only when printing to a terminal (``term.style_codes`` does that).

Why: Typer 0.29 coerces every non-flag value through a pydantic ``TypeAdapter``
(``typer/_coercion.py``), so the first ``Path`` argument imports pydantic, ~0.15 s of a
0.3 s budget, and no public setting turns that off. ``run`` therefore binds the
ordinary forms (``jixiao check a.txt b.txt -f jsonl``) itself, from the same
declarations Typer reads, and calls the function directly; anything it does not fully
understand (``--help``, an unknown option, a bad choice, a missing argument, ``--``)
goes to Typer, which prints its usual help and errors. A property test
(``tests/cli/test_fast_start.py``) checks, for every registered command, that whatever
``bind`` accepts it binds exactly as Typer does.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.models import ArgumentInfo, OptionInfo, ParameterInfo

from jixiao.cli.term import safe

if TYPE_CHECKING:
    from jixiao.core.readers import ReadResult

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


def err(message: str) -> None:
    """One line on stderr, file text in it made safe for the terminal."""
    sys.stderr.write(safe(message) + "\n")
    sys.stderr.flush()


def read_or_exit(path: Path) -> ReadResult:
    """Read ``path``; on failure print where and why (no traceback) and exit 2."""
    from jixiao.core.findings import ReadError
    from jixiao.core.readers import read_document

    apply_read_limits()
    try:
        result = read_document(path)
    except ReadError as exc:
        err(f"错误：{exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    for w in result.warnings:
        err(f"警告：{w}")
    return result


def apply_read_limits() -> None:
    """Use ``[limits]`` of ./jixiao.toml, if there is one (exit 2 when it is wrong)."""
    from jixiao.core.config import find_config

    found = find_config()
    if found is None:
        return
    import tomllib

    from jixiao.core.readers.limits import configure, parse_limits

    try:
        section = tomllib.loads(found.read_text(encoding="utf-8-sig")).get("limits", {})
        configure(parse_limits(section, where=f"（{found}）"))
    except (
        OSError,
        UnicodeDecodeError,
        tomllib.TOMLDecodeError,
        ValueError,
        AttributeError,
    ) as exc:
        err(f"错误：配置文件 {found}：{exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None


# --- binding argv without Typer's coercion ------------------------------------------------


class _Unsupported(Exception):
    """This command line (or command) is left to Typer."""


@dataclass(slots=True)
class _Param:
    name: str
    convert: Callable[[str], object]
    default: object
    required: bool
    many: bool = False  # a list: all remaining positionals, or a repeated option
    names: tuple[str, ...] = ()  # option names taking a value
    flags: dict[str, bool] = field(default_factory=dict)  # flag names → value
    envvar: tuple[str, ...] = ()


@dataclass(slots=True)
class _Spec:
    arguments: list[_Param]
    options: dict[str, _Param]  # every option name → its parameter
    params: list[_Param]


_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_PATH_CHECKS = ("exists", "resolve_path", "allow_dash", "writable", "path_type", "parser")
_SPECS: dict[Callable[..., Any], _Spec | None] = {}


def _convert_path(s: str) -> Path:
    # Typer refuses an existing path it cannot read; leave that message to it.
    if os.path.exists(s) and not os.access(s, os.R_OK):
        raise _Unsupported
    return Path(s)


def _convert_int(s: str) -> int:
    if not _INT.fullmatch(s):
        raise _Unsupported
    return int(s)


def _converter(tp: Any, info: ParameterInfo) -> Callable[[str], object]:
    if tp is str:
        return str
    if tp is int and info.min is None and info.max is None:
        return _convert_int
    plain_path = info.file_okay and info.dir_okay and info.readable
    if tp is Path and plain_path and not any(getattr(info, k, None) for k in _PATH_CHECKS):
        return _convert_path
    if isinstance(tp, type) and issubclass(tp, Enum):
        fold = not info.case_sensitive
        table = {(str(m.value).casefold() if fold else str(m.value)): m for m in tp}

        def choice(s: str) -> object:
            member = table.get(s.casefold() if fold else s)
            if member is None:
                raise _Unsupported
            return member

        return choice
    raise _Unsupported


def _strip_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, UnionType):
        args = [a for a in typing.get_args(tp) if a is not NoneType]
        if len(args) == 1:
            return args[0]
    return tp


def _envvars(info: ParameterInfo) -> tuple[str, ...]:
    env = info.envvar
    if env is None:
        return ()
    return (env,) if isinstance(env, str) else tuple(env)


def _param(name: str, p: inspect.Parameter, hint: Any) -> _Param:
    info: ParameterInfo | None = None
    tp = hint
    default = p.default
    decls: tuple[str, ...] = ()
    if typing.get_origin(hint) is Annotated:
        tp, *meta = typing.get_args(hint)
        info = next((m for m in meta if isinstance(m, ParameterInfo)), None)
        # In Annotated, Option("--name", "-n") puts its first name where a default goes.
        if isinstance(info, OptionInfo) and info.default is not ...:
            decls = (str(info.default),)
    elif isinstance(default, ParameterInfo):
        info, default = default, default.default
    required = default is p.empty or default is ...
    if info is None:
        info = ArgumentInfo() if required else OptionInfo()
    decls += tuple(info.param_decls or ())
    if (
        info.callback is not None
        or info.parser is not None
        or info.default_factory is not None
        or not info.expose_value
        or getattr(info, "count", False)
        or getattr(info, "prompt", False)
    ):
        raise _Unsupported
    tp = _strip_optional(tp)
    many = typing.get_origin(tp) is list
    if many:
        (tp,) = typing.get_args(tp)
    if isinstance(info, ArgumentInfo):
        return _Param(
            name, _converter(tp, info), default, required, many=many, envvar=_envvars(info)
        )
    if any(not part.strip().startswith("-") for d in decls for part in d.split("/")):
        raise _Unsupported
    dashed = "--" + name.replace("_", "-")
    if tp is bool:
        flags: dict[str, bool] = {}
        for decl in decls or (f"{dashed}/--no-{dashed[2:]}",):
            on, _, off = decl.partition("/")
            flags[on.strip()] = True
            if off.strip():
                flags[off.strip()] = False
        return _Param(name, bool, default, required, flags=flags, envvar=_envvars(info))
    if many and (required or info.envvar is not None):
        raise _Unsupported
    names = tuple(decls) or (dashed,)
    convert = _converter(tp, info)
    return _Param(name, convert, default, required, many=many, names=names, envvar=_envvars(info))


def _spec(fn: Callable[..., Any]) -> _Spec | None:
    if fn in _SPECS:
        return _SPECS[fn]
    spec: _Spec | None
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
        params = [_param(n, p, hints.get(n)) for n, p in inspect.signature(fn).parameters.items()]
        arguments = [p for p in params if not (p.names or p.flags)]
        if any(p.many for p in arguments[:-1]):
            raise _Unsupported
        options = {n: p for p in params for n in (*p.names, *p.flags)}
        spec = _Spec(arguments, options, params)
    except (_Unsupported, TypeError, NameError, ValueError):
        spec = None
    _SPECS[fn] = spec
    return spec


def bind(fn: Callable[..., Any], args: Sequence[str]) -> dict[str, Any] | None:
    """The keyword arguments Typer would call ``fn`` with for ``args``, or None when
    ``args`` (or ``fn``) is outside the plain forms described above."""
    spec = _spec(fn)
    if spec is None:
        return None
    try:
        return _bind(spec, list(args))
    except _Unsupported:
        return None


def _bind(spec: _Spec, args: list[str]) -> dict[str, Any]:
    given: dict[str, object] = {}
    positional: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a == "-" or not a.startswith("-"):
            positional.append(a)
            continue
        name, eq, value = a.partition("=")
        p = spec.options.get(name)
        if p is None or a == "--":
            raise _Unsupported
        if p.flags:
            if eq:
                raise _Unsupported
            given[p.name] = p.flags[name]
            continue
        if not eq:
            if i >= len(args) or args[i].startswith("-"):
                raise _Unsupported
            value = args[i]
            i += 1
        if p.many:  # a repeated option collects its values in order
            given.setdefault(p.name, []).append(p.convert(value))  # type: ignore[attr-defined]
        else:
            given[p.name] = p.convert(value)
    out: dict[str, Any] = {}
    for p in spec.arguments:
        if p.many:
            values, positional = positional, []
            out[p.name] = [p.convert(v) for v in values] if values else _default_list(p)
        elif positional:
            out[p.name] = p.convert(positional.pop(0))
        elif p.required or _env(p) is not None:
            raise _Unsupported
        else:
            out[p.name] = p.default
    if positional:
        raise _Unsupported
    for p in spec.params:
        if p.name in out:
            continue
        if p.name in given:
            out[p.name] = given[p.name]
            continue
        env = _env(p)
        if env is not None:
            if p.flags:
                raise _Unsupported
            out[p.name] = p.convert(env)
        elif p.required:
            raise _Unsupported
        else:
            out[p.name] = p.default
    return out


def _env(p: _Param) -> str | None:
    for name in p.envvar:
        value = os.environ.get(name)
        if value:
            return value
    return None


def _default_list(p: _Param) -> object:
    if p.required:
        raise _Unsupported
    return None if p.default is None else list(p.default)  # type: ignore[call-overload]


def run(app: typer.Typer, argv: Sequence[str]) -> None:
    """Run ``argv`` (without the program name): bound directly when ``bind`` can, else
    through Typer. Exits with the command's status."""
    kwargs = None
    fn: Callable[..., Any] | None = None
    if argv and not argv[0].startswith("-"):
        fn = next((c.callback for c in app.registered_commands if c.name == argv[0]), None)
        if fn is not None:
            kwargs = bind(fn, argv[1:])
    if fn is None or kwargs is None:
        app(args=list(argv))
        return
    try:
        fn(**kwargs)
    except typer.Exit as exc:
        _exit(exc.exit_code)
    except KeyboardInterrupt:
        err("已中断")
        _exit(130)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as a pipe expects.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _exit(EXIT_UNREADABLE)
    _exit(EXIT_OK)


def _exit(code: int) -> None:
    sys.stdout.flush()
    sys.exit(code)
