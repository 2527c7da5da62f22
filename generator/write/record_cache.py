"""Save the parse cache of :mod:`generator.read.cache` to the user's cache folder."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path

from generator.read.cache import ParseCache, cache_file, collector_paused


def save_cache(root: Path, cache: ParseCache) -> None:
    """Write ``cache`` for the project at ``root`` when it changed; a cache that cannot be
    written is skipped without a word (it only ever saves time)."""
    path = cache_file(root)
    if path is None or not cache.changed:
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # the files of older versions of the code, for this project, are stale
        for old in path.parent.glob(path.name.rsplit("-", 1)[0] + "-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".records-", suffix=".tmp")
        try:
            # the collector would walk every record at each pass while pickling them
            with os.fdopen(handle, "wb") as out, collector_paused():
                pickle.dump(cache.entries, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        cache.changed = False
