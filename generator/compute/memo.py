"""Results kept from one generation of the live preview to the next.

``escalation serve`` regenerates every page after each edit, from records most of which
are the very objects of the last load (the parse cache hands an unchanged file's typed
record back, :mod:`generator.read.cache`). A :class:`Memo` keeps what a pure function
returned for such inputs, so that an edit pays only for the records it touched.

Each table is valid for one *context*, compared by equality: everything the function
reads besides its per-item inputs (the as-of instant, the settings, the admins, the
audience...). A different context empties the table. The per-item key is a tuple of the
inputs *themselves*, compared by identity (``is``): records are frozen, so the same
object is the same value, and a table entry holds its key's objects, so that no other
object can take their ``id`` while the entry lives. An entry not used in a generation is
dropped at its end (:meth:`Memo.generation`), so the tables hold what the last
generation read and no more.

A full build passes no memo: nothing is kept, nothing is hashed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


class Table:
    """One function's results under one context, by the identity of their inputs."""

    def __init__(self, context: object) -> None:
        self.context = context
        self._entries: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}
        self._used: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}
        self.misses = 0

    def get(self, objects: tuple[Any, ...], make: Callable[[], T], value: Hashable = None
            ) -> T:
        """What ``make()`` returned for the inputs ``objects`` (the very objects) and
        ``value`` (compared by equality), made now if no entry of this context holds
        exactly these."""
        key = (value, len(objects), *map(id, objects))
        entry = self._used.get(key) or self._entries.get(key)
        if entry is None or not all(a is b for a, b in zip(entry[0], objects, strict=True)):
            self.misses += 1
            entry = (objects, make())
        self._used[key] = entry
        return entry[1]

    def _end(self) -> None:
        self._entries, self._used = self._used, {}


class Memo:
    """Every table of the live preview, by name."""

    def __init__(self) -> None:
        self._tables: dict[str, Table] = {}

    def table(self, name: str, context: object) -> Table:
        """The table ``name`` for ``context``: emptied when the context differs from the
        one it was last used with."""
        table = self._tables.get(name)
        if table is None or table.context != context:
            table = self._tables[name] = Table(context)
        return table

    @contextmanager
    def generation(self) -> Iterator[Memo]:
        """One generation: the entries it did not use are dropped at its end."""
        try:
            yield self
        finally:
            for table in self._tables.values():
                table._end()

    def misses(self) -> dict[str, int]:
        """How many results each table made since it was emptied (for tests and logs)."""
        return {name: table.misses for name, table in self._tables.items()}
