"""The broken-input corpus: one case is a project, a command, and the exact answer expected.

Each case writes its files into an empty folder, runs ``escalation`` there in-process and
asserts the exit status and one exact line of output (the located message, with its code).
Every case also asserts what the product promises for all bad input: no internal error
(exit 70), nothing in the project changed by a command that failed, and an answer within
one second of CPU time (a hang or a runaway loop shows up as a failure, not a stuck run).
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli.main import main

MINIMAL_CONFIG = "site_name: Test\n"
CPU_SECONDS = 1.0
"""The most CPU time one case may take: CPU, not wall time, so a busy machine cannot fail it."""

Prepare = Callable[[Path, pytest.MonkeyPatch], None]
FileContent = str | bytes | Mapping[str, Any]


@dataclass(frozen=True)
class Case:
    """One broken or unusual input and the exact answer the product must give."""

    name: str
    files: Mapping[str, FileContent]
    args: tuple[str, ...]
    exit: int
    line: str
    """One line of stderr or stdout, exactly (``{root}`` stands for the project folder)."""
    code: str | None = None
    """The problem code the line carries as ``[code]``; None for a command-line error."""
    config: str | None = MINIMAL_CONFIG
    prepare: Prepare | None = None
    """Runs after the files are written: symlinks, FIFOs, simulated permission errors."""
    changes: frozenset[str] = field(default_factory=frozenset)
    """Paths a failing command may still change (normally none)."""


def _front(fields: Mapping[str, Any], body: str = "Notes.\n") -> str:
    return "---\n" + yaml.safe_dump(dict(fields), sort_keys=False, allow_unicode=True) \
        + f"---\n{body}"


def write_files(root: Path, files: Mapping[str, FileContent], config: str | None) -> None:
    """Write a case's project: ``mkdocs.yml``, empty record folders, then its files."""
    if config is not None:
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("tickets", "admins"):
        (root / folder).mkdir(exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            text = content if isinstance(content, str) else _front(content)
            path.write_bytes(text.encode("utf-8"))


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every entry under ``root``: a regular file's bytes, else what kind of entry it is.

    Never opens anything but a regular file, so a FIFO or device in a case cannot block it.
    """
    seen: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                seen[rel] = "link:" + os.readlink(path)
            elif stat.S_ISREG(mode):
                seen[rel] = path.read_bytes()
            else:
                seen[rel] = f"mode:{stat.S_IFMT(mode):o}"
    return seen


def run_case(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> None:
    """Run ``case`` and assert its exit status, its exact line, and the corpus promises."""
    root = tmp_path / "project"
    root.mkdir()
    write_files(root, case.files, case.config)
    monkeypatch.chdir(root)
    if case.prepare is not None:
        case.prepare(root, monkeypatch)
    monkeypatch.setenv("ESCALATION_AS_OF", "2026-12-01T12:00")
    before = snapshot(root)
    args = [arg.replace("{root}", str(root)) for arg in case.args]
    capsys.readouterr()
    started = time.process_time()
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    spent = time.process_time() - started
    out, err = capsys.readouterr()
    lines = (err + out).splitlines()
    expected = case.line.replace("{root}", str(root))
    assert code != 70, f"internal error:\n{err}"
    assert expected in lines, f"expected line not printed:\n{expected}\n--- got:\n{err}{out}"
    if case.code is not None:
        assert expected.endswith(f"[{case.code}]"), "the line must carry the case's code"
    assert code == case.exit, f"exit {code}, expected {case.exit}:\n{err}{out}"
    if code != 0:
        after = snapshot(root)
        changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
        assert changed <= case.changes, f"a failing command changed {sorted(changed)}"
    assert spent < CPU_SECONDS, f"took {spent:.2f} CPU seconds"
