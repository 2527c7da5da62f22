"""Walking values parsed from JSON."""

from __future__ import annotations

from collections.abc import Iterator


def json_strings(value: object) -> Iterator[str]:
    """Every string in a parsed JSON value, object keys included (any depth, no recursion)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
