"""``jixiao check`` over many documents: one worker process per core, output in input order.

Files are checked by a ``ProcessPoolExecutor`` in chunks (a few dozen files per task, so
the per-task cost of pickling and waking a worker is spread thin). Each worker reads,
checks and *formats* its documents (the report text or the JSON line), so the parent
only writes strings: on two cores the parent must not become the third job. Results
come back in input order (``Executor.map``), so the output is the same whatever the
number of processes. A progress bar (Rich, on stderr) is shown only when stderr is a
terminal.

Per document, ``--format jsonl`` writes one JSON object per line::

    {"file": "a.txt", "findings": [...]}
    {"file": "b.txt", "document": 2, "line": 881, "findings": [...]}  # 2nd document in b.txt
    {"file": "c.pdf", "error": "…"}                                   # unreadable
    {"file": "d.yaml", "skipped": "…"}                    # a self-evaluation: jixiao score

(``warnings`` is added when reading warned). ``json`` writes ``{"documents": [...],
"summary": {...}}``; ``text`` writes each document's report and the summary. Exit
status: 2 if anything was unreadable, else 1 if any error finding, else 0.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from jixiao.cli.check import Format, report_text
from jixiao.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, err
from jixiao.cli.term import Codes, json_safe

if TYPE_CHECKING:
    from jixiao.core.config import CheckConfig
    from jixiao.core.readers import ReadResult

__all__ = ["SUFFIXES", "Outcome", "check_batch", "collect"]

# What read_document reads; in a directory other files (notes, jixiao.toml …) are skipped.
SUFFIXES = frozenset({".txt", ".pdf", ".docx", ".xlsx", ".xlsm", ".json", ".yaml", ".yml"})


@dataclass(slots=True)
class Outcome:
    """One document (or one unreadable file or part) as a worker reports it."""

    file: str
    document: int | None = None  # 1-based, for a file of several documents
    line: int | None = None  # where that document starts
    error: str | None = None
    skipped: str | None = None
    warnings: list[str] = field(default_factory=list)
    counts: tuple[int, int, int] = (0, 0, 0)  # error, warning, info findings
    out: str = ""  # the document in the output format


@dataclass(frozen=True, slots=True)
class _Job:
    config: CheckConfig
    format: Format
    codes: Codes


_JOB: _Job | None = None


def _init(job: _Job) -> None:
    global _JOB
    _JOB = job


def collect(args: Sequence[Path]) -> list[Path]:
    """The files to check: each argument, or the readable files under a directory
    (sorted, hidden files and Office lock files ``~$…`` left out, links not followed)."""
    out: list[Path] = []
    for a in args:
        if not a.is_dir():
            out.append(a)
            continue
        for root, dirs, names in os.walk(a):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for n in sorted(names):
                if n.startswith((".", "~$")) or Path(n).suffix.lower() not in SUFFIXES:
                    continue
                out.append(Path(root) / n)
    return out


def check_file(path: Path) -> list[Outcome]:
    """Read and check one file (in a worker); never raises: one bad file of a thousand
    is reported as unreadable, and the others are still checked."""
    from jixiao.core.findings import ReadError
    from jixiao.core.readers import read_document
    from jixiao.core.readers.text import ManyDocumentsError

    name = str(path)
    try:
        return [_check_read(name, read_document(path))]
    except ManyDocumentsError as many:
        outcomes = []
        for k, (line, doc) in enumerate(zip(many.starts, many.documents, strict=True), 1):
            if isinstance(doc, ReadError):
                outcomes.append(_unreadable(name, str(doc), k, line))
            else:
                outcomes.append(_check_read(name, doc, k, line))
        return outcomes
    except ReadError as exc:
        return [_unreadable(name, str(exc))]
    except Exception as exc:  # a defect, not the user's: say so, keep the batch going
        return [
            _unreadable(name, f"{name}: 读取或审核时程序出错（{type(exc).__name__}），请报告此文件")
        ]


def _unreadable(name: str, message: str, k: int | None = None, line: int | None = None) -> Outcome:
    assert _JOB is not None
    o = Outcome(name, k, line, error=message)
    if _JOB.format in (Format.json, Format.jsonl):
        o.out = _json_line(o, None)
    return o


def _check_read(
    name: str, result: ReadResult, k: int | None = None, line: int | None = None
) -> Outcome:
    from jixiao.core.checks import check_plan
    from jixiao.core.model import Plan

    assert _JOB is not None
    plan = result.document
    if not isinstance(plan, Plan):  # in a folder of plans and self-evaluations: not an error
        o = Outcome(
            name, k, line, skipped="项目支出绩效自评表，不是绩效目标表；请用 jixiao score 复核"
        )
        if _JOB.format is not Format.text:
            o.out = _json_line(o, None)
        return o
    findings = check_plan(plan, _JOB.config)
    severities = [f.severity for f in findings]
    o = Outcome(
        name,
        k,
        line,
        warnings=[str(w) for w in result.warnings],
        counts=(severities.count("error"), severities.count("warning"), severities.count("info")),
    )
    if _JOB.format is Format.text:
        title = name if k is None else f"{name}（第{k}份，第{line}行起）"
        o.out = report_text(plan, findings, title, _JOB.codes)
    else:
        o.out = _json_line(o, [f.to_dict() for f in findings])
    return o


def _json_line(o: Outcome, findings: list[dict[str, Any]] | None) -> str:
    obj: dict[str, Any] = {"file": o.file}
    if o.document is not None:
        obj["document"], obj["line"] = o.document, o.line
    if o.error is not None:
        obj["error"] = o.error
    elif o.skipped is not None:
        obj["skipped"] = o.skipped
    else:
        obj["findings"] = findings
    if o.warnings:
        obj["warnings"] = o.warnings
    return json_safe(json.dumps(obj, ensure_ascii=False))


def _outcomes(files: list[Path], job: _Job, jobs: int) -> Iterator[list[Outcome]]:
    if jobs == 1 or len(files) == 1:
        _init(job)
        yield from map(check_file, files)
        return
    workers = min(jobs, len(files))
    chunk = max(1, min(64, len(files) // (workers * 8)))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(job,))
    try:
        yield from pool.map(check_file, files, chunksize=chunk)
    finally:  # on an interrupt: stop at once, do not finish the queue
        pool.shutdown(wait=True, cancel_futures=True)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(slots=True)
class _Tally:
    files: int = 0
    documents: int = 0
    unreadable: int = 0
    skipped: int = 0
    with_errors: int = 0
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])

    def add(self, o: Outcome) -> None:
        if o.error is not None:
            self.unreadable += 1
            return
        if o.skipped is not None:
            self.skipped += 1
            return
        self.documents += 1
        self.with_errors += o.counts[0] > 0
        for i, n in enumerate(o.counts):
            self.counts[i] += n

    def text(self) -> str:
        e, w, i = self.counts
        return (
            f"共审核 {self.files} 个文件、{self.documents} 份文档：错误 {e} · 警告 {w} · 提示 {i}；"
            f"{self.with_errors} 份文档有错误，{self.unreadable} 份无法读取"
            + (f"，跳过 {self.skipped} 份自评表" if self.skipped else "")
        )

    def as_dict(self) -> dict[str, int]:
        e, w, i = self.counts
        return {
            "files": self.files,
            "documents": self.documents,
            "unreadable": self.unreadable,
            "skipped": self.skipped,
            "documents_with_errors": self.with_errors,
            "errors": e,
            "warnings": w,
            "info": i,
        }


def check_batch(
    args: Sequence[Path], config: CheckConfig, format: Format, output: Path | None, jobs: int | None
) -> int:
    """Check every document under ``args``; write the outputs and the summary; return
    the exit status."""
    if format is Format.html:
        err("错误：HTML 报告一次只写一份文档；批量审核请用 --format text、json 或 jsonl")
        return EXIT_UNREADABLE
    files = collect(args)
    if not files:
        err(
            f"错误：{'、'.join(map(str, args))} 中没有可审核的文件（{'、'.join(sorted(SUFFIXES))}）"
        )
        return EXIT_UNREADABLE
    try:
        sink: IO[str] = sys.stdout if output is None else output.open("w", encoding="utf-8")
    except OSError as exc:
        err(f"错误：无法写入 {output}：{exc.strerror}")
        return EXIT_UNREADABLE
    try:
        tally = _run(files, config, format, sink, jobs or _cpus(), output is None)
    finally:
        if output is not None:
            sink.close()
    if output is not None:
        err(f"已写入 {output}")
    if format is not Format.text or output is not None:
        err(tally.text())
    if tally.unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if tally.with_errors else EXIT_OK


def _run(
    files: list[Path],
    config: CheckConfig,
    format: Format,
    sink: IO[str],
    jobs: int,
    to_stdout: bool,
) -> _Tally:
    from jixiao.cli.term import is_terminal, style_codes

    codes = style_codes(sys.stdout) if to_stdout and format is Format.text else {}
    job = _Job(config, format, codes)
    tally = _Tally(files=len(files))
    documents: list[str] = []
    progress = _progress(len(files)) if is_terminal(sys.stderr) else None
    try:
        for n, outcomes in enumerate(_outcomes(files, job, jobs), 1):
            for o in outcomes:
                tally.add(o)
                _emit(o, format, sink, documents)
            if progress is not None:
                progress.update(0, completed=n)
    finally:
        if progress is not None:
            progress.stop()
    if format is Format.json:
        sink.write('{\n"documents": [\n' + ",\n".join(documents) + "\n],\n")
        sink.write(f'"summary": {json.dumps(tally.as_dict())}\n}}\n')
    elif format is Format.text:
        sink.write(tally.text() + "\n")
    return tally


def _emit(o: Outcome, format: Format, sink: IO[str], documents: list[str]) -> None:
    if format is Format.json:
        documents.append(o.out)
        return
    if format is Format.jsonl:
        sink.write(o.out + "\n")
        return
    if o.error is not None:  # the message names the file (and line)
        err(f"错误：{o.error}")
        return
    if o.skipped is not None:
        err(f"跳过：{o.file} 是{o.skipped}")
        return
    for w in o.warnings:
        err(f"警告：{w}")
    sink.write(o.out + "\n")


def _progress(total: int) -> Any:
    """A transient bar on stderr; stdout printed meanwhile (a terminal) goes above it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "审核",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        redirect_stdout=sys.stdout.isatty(),
        redirect_stderr=True,
    )
    progress.add_task("审核", total=total)  # task 0
    progress.start()
    return progress
