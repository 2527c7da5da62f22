"""Property tests cannot flake on a slow machine (issue 11, defect 14)."""

from __future__ import annotations

from hypothesis import settings


def test_property_tests_have_no_deadline() -> None:
    assert settings.default.deadline is None
