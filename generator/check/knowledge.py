"""The knowledge base: scenario and ITIL entries, the framework page, their checks.

``entries`` is the typed model, ``load`` reads and validates the entry files,
``framework`` fills the framework page from the settings, and ``render`` builds the
pages and provides :class:`ReferenceFamily` for :data:`generator.render.families.FAMILIES`.
"""

from __future__ import annotations

from generator.read.knowledge import load_knowledge_base
from generator.render.framework import check_framework
from generator.render.knowledge import ReferenceFamily, render_reference
from generator.schema.knowledge import ItilEntry, KnowledgeBase, Scenario, ScenarioTier
from generator.schema.problems import Problem
from generator.schema.settings import Settings

__all__ = [
    "ItilEntry",
    "KnowledgeBase",
    "ReferenceFamily",
    "Scenario",
    "ScenarioTier",
    "load_knowledge_base",
    "render_reference",
    "validate_reference",
]


def validate_reference(settings: Settings) -> list[Problem]:
    """Every problem of the knowledge base: entry files and the framework page's markers."""
    _, problems = load_knowledge_base(settings)
    return problems + check_framework(settings)
