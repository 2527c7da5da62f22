"""Operating-system refusals for tests: the tests run as root, for whom a chmod does not
stop reading, so a "Permission denied" is simulated where the code asks the system."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def deny(monkeypatch: pytest.MonkeyPatch, name: str, target: Path) -> None:
    """``os.<name>`` raises "Permission denied" for ``target``."""
    real = getattr(os, name)

    def denied(path: object, *args: object, **kwargs: object) -> object:
        if Path(os.fsdecode(path)) == target:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, denied)
