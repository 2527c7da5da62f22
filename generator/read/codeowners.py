"""Reading the committed ``.github/CODEOWNERS`` file."""

from __future__ import annotations

import os
from pathlib import Path

from generator.read.files import FileReadError, NotUtf8Error, decode_text, read_file
from generator.schema.paths import CODEOWNERS_PATH, MAX_CODEOWNERS_BYTES


class CodeownersFileError(Exception):
    """The existing CODEOWNERS file cannot be updated safely."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def read_codeowners(root: Path) -> str | None:
    """The committed CODEOWNERS text, or None when there is no file."""
    path = root / CODEOWNERS_PATH
    if not os.path.lexists(path):
        return None
    try:
        return decode_text(read_file(path, MAX_CODEOWNERS_BYTES), bom=False)
    except FileReadError as exc:  # a folder, a link loop, no permission, a pipe
        raise CodeownersFileError(1, f"cannot be read: {exc.reason}") from None
    except NotUtf8Error as exc:
        raise CodeownersFileError(exc.line, str(exc)) from None
