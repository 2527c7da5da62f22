"""Where a project keeps each kind of file, relative to the folder of ``mkdocs.yml``."""

TICKETS_DIR = "tickets"
"""Ticket records: ``tickets/<year>/<ID>.md``."""
ADMINS_DIR = "admins"
"""Admin records: ``admins/<slug>.md``."""
HAND_WRITTEN = "docs"
"""The hand-written knowledge base and guides."""
SCENARIOS_DIR = f"{HAND_WRITTEN}/reference/scenarios"
ITIL_DIR = f"{HAND_WRITTEN}/reference/itil"
FROZEN_FOLDER = "reports/frozen"
"""Frozen weekly snapshots, under the hand-written folder."""
DATA_FOLDERS = (f"{FROZEN_FOLDER}/",)
"""Folders under docs/ that the generator reads as data and never publishes as they are."""
