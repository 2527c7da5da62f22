"""The corpus as a whole: large enough, and every case named once."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from corpus_harness import Case

HERE = Path(__file__).parent


def all_cases() -> list[Case]:
    """Every case of every ``test_corpus_*.py`` module in this folder."""
    cases: list[Case] = []
    for path in sorted(HERE.glob("test_corpus_*.py")):
        spec = importlib.util.spec_from_file_location(f"corpus_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cases.extend(getattr(module, "CASES", []))
    return cases


def test_the_corpus_has_at_least_80_cases_each_named_once() -> None:
    names = [case.name for case in all_cases()]
    assert len(names) >= 80, f"{len(names)} cases"
    assert len(set(names)) == len(names), "two cases share a name"
