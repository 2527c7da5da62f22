"""A one-line progress bar on stderr, drawn only when stderr is a terminal.

Scheduled imports log to files, and a bar redrawn with carriage returns would fill a
log with noise; so it appears only for people at a terminal, and only for exports
large enough to take a noticeable time.
"""

from __future__ import annotations

import sys
from typing import TextIO

MINIMUM_ROWS = 500
"""Smaller exports import in well under a second: no bar."""


class Progress:
    """Counts work done out of ``total`` and redraws the bar at each whole percent."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None, *,
                 enabled: bool | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.label = label
        self.width = width
        self.done = 0
        self._shown = -1
        if enabled is None:
            enabled = total >= MINIMUM_ROWS and self.stream.isatty()
        self.enabled = enabled

    def advance(self, count: int = 1) -> None:
        """Record ``count`` more units done; redraw when the percentage moved."""
        self.done += count
        if not self.enabled or self.total <= 0:
            return
        percent = min(100, self.done * 100 // self.total)
        if percent != self._shown:
            self._shown = percent
            filled = self.width * percent // 100
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {self.done:,}/{self.total:,}")
            self.stream.flush()

    def close(self) -> None:
        """Erase the bar so that the next message starts on a clean line."""
        if self.enabled and self._shown >= 0:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
