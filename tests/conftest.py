"""Shared fixtures: mini projects written into ``tmp_path``, and the CLI run in-process."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from generator.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"

# Property tests have no deadline on any machine: a slow or busy one (CI shares its two
# cores) must not turn a passing example into DeadlineExceeded.
hypothesis_settings.register_profile(
    "escalation", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("escalation")

MINIMAL_CONFIG = "site_name: Test\n"
"""A config with no ``extra.escalation``: every setting at its default (UTC)."""

FileContent = str | bytes | Mapping[str, Any]


def record_text(fields: Mapping[str, Any], body: str = "Notes.\n") -> str:
    """A record file: ``fields`` as YAML front-matter (in the given order), then ``body``."""
    front = yaml.safe_dump(dict(fields), sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n{body}"


class ProjectFactory:
    """Writes a mini project (``mkdocs.yml``, ``tickets/``, ``admins/``) into a folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(
        self,
        files: Mapping[str, FileContent] | None = None,
        *,
        config: str | Mapping[str, Any] | None = MINIMAL_CONFIG,
        copy: str | None = None,
    ) -> Path:
        """Write the project and return its root.

        ``copy`` names a folder of ``tests/fixtures/`` to start from; ``config`` is the
        text (or mapping) of ``mkdocs.yml``, or None for no config file; ``files`` maps
        POSIX paths to text, bytes, or a mapping of front-matter fields.
        """
        if copy is not None:
            shutil.copytree(FIXTURES / copy, self.root, dirs_exist_ok=True)
        if isinstance(config, Mapping):
            config = yaml.safe_dump(dict(config), sort_keys=False)
        if config is not None:
            (self.root / "mkdocs.yml").write_text(config, encoding="utf-8")
        for name, content in (files or {}).items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                text = content if isinstance(content, str) else record_text(content)
                path.write_bytes(text.encode("utf-8"))
        return self.root

    @property
    def config(self) -> str:
        """The path of ``mkdocs.yml``, for ``-f``."""
        return str(self.root / "mkdocs.yml")


HANDLE_TICKET = """\
---
title: Printer jam
opened: 2026-11-16T09:30
classification: incident
priority: low
tier: handle
status: open
---
"""


@pytest.fixture(autouse=True, scope="session")
def parse_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The commands' parse cache (generator/read/cache.py) in a folder of the test run,
    not in the user's cache folder."""
    folder = tmp_path_factory.mktemp("parse-cache")
    before = os.environ.get("ESCALATION_CACHE_DIR")
    os.environ["ESCALATION_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["ESCALATION_CACHE_DIR"]
    else:
        os.environ["ESCALATION_CACHE_DIR"] = before


@pytest.fixture
def handle_ticket() -> str:
    """The text of the smallest valid ticket: handled by the SC alone."""
    return HANDLE_TICKET


@pytest.fixture
def project(tmp_path: Path) -> ProjectFactory:
    """A factory writing a mini project into ``tmp_path``."""
    return ProjectFactory(tmp_path)


@dataclass(frozen=True)
class Result:
    """What a CLI run produced."""

    code: int
    out: str
    err: str


class CLI:
    """Runs ``escalation`` in-process: ``cli("check", "-f", path)``."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> Result:
        """Run ``main(args)``; argparse and usage errors exit through ``SystemExit``."""
        self.capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = self.capsys.readouterr()
        return Result(code, out, err)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CLI:
    """Run the ``escalation`` command line in-process, capturing output and exit status."""
    return CLI(capsys)
