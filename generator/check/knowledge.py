"""Checks of the knowledge base beyond its entries' fields: the framework page's markers."""

from __future__ import annotations

from generator.read.knowledge import KnowledgeFiles
from generator.schema.knowledge import FRAMEWORK_MARKERS, FRAMEWORK_PAGE, MARKER_LINE
from generator.schema.paths import HAND_WRITTEN
from generator.schema.problems import Problem, did_you_mean, make_problem


def _marker(name: str) -> str:
    return "'{{ " + name + " }}'"


def check_framework(knowledge: KnowledgeFiles) -> list[Problem]:
    """Missing and unknown marker lines of the framework page (none if there is no page)."""
    text = knowledge.framework
    if text is None or not knowledge.framework_utf8:
        return []
    rel = f"{HAND_WRITTEN}/{FRAMEWORK_PAGE}"
    problems: list[Problem] = []
    seen: set[str] = set()
    for match in MARKER_LINE.finditer(text):
        name = match.group(1)
        line = text.count("\n", 0, match.start()) + 1
        if name in FRAMEWORK_MARKERS:
            seen.add(name)
            continue
        known = ", ".join(_marker(m) for m in FRAMEWORK_MARKERS)
        problems.append(make_problem(
            rel, line, "reference.unknown-marker",
            f"marker: expected one of {known} but received {_marker(name)}"
            f"{did_you_mean(name, FRAMEWORK_MARKERS)}",
        ))
    for name in FRAMEWORK_MARKERS:
        if name not in seen:
            problems.append(make_problem(
                rel, 1, "reference.missing-marker",
                f"marker {_marker(name)} is missing: add it on a line of its own where the"
                f" page should show the {name.replace('_', ' ')} from the settings",
            ))
    return problems
