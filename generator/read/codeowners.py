"""Reading the committed ``.github/CODEOWNERS`` file."""

from __future__ import annotations

from pathlib import Path

from generator.schema.paths import CODEOWNERS_PATH


class CodeownersFileError(Exception):
    """The existing CODEOWNERS file cannot be updated safely."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def read_codeowners(root: Path) -> str | None:
    """The committed CODEOWNERS text, or None when there is no file."""
    path = root / CODEOWNERS_PATH
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:  # a folder, a link loop, no permission
        raise CodeownersFileError(1, f"cannot be read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CodeownersFileError(line, f"byte {exc.start} is not valid UTF-8 text") from None
