"""Where a project keeps each kind of file, relative to the folder of ``mkdocs.yml``, and
how large a file of each kind may be."""

import re

TICKETS_DIR = "tickets"
"""Ticket records: ``tickets/<year>/<ID>.md``."""
ADMINS_DIR = "admins"
"""Admin records: ``admins/<slug>.md``."""
HAND_WRITTEN = "docs"
"""The hand-written knowledge base and guides."""
SCENARIOS_PAGES = "reference/scenarios"
"""Where scenario entries sit in docs/ (and in the internal source)."""
ITIL_PAGES = "reference/itil"
"""Where ITIL entries sit in docs/ (and in the internal source)."""
SCENARIOS_DIR = f"{HAND_WRITTEN}/{SCENARIOS_PAGES}"
ITIL_DIR = f"{HAND_WRITTEN}/{ITIL_PAGES}"
FROZEN_FOLDER = "reports/frozen"
"""Frozen weekly snapshots, under the hand-written folder."""
DATA_FOLDERS = (f"{FROZEN_FOLDER}/",)
"""Folders under docs/ that the generator reads as data and never publishes as they are."""
KEPT_FOLDERS = (HAND_WRITTEN, TICKETS_DIR, ADMINS_DIR, ".github")
"""Folders of the project that hold what people wrote: never emptied or written by a tool
(nor is the internal source, ``internal_dir``)."""
INTERNAL_NOTES = "readme.md"
"""The internal source's own notes (``README.md`` at its top, in any case): never a page."""
CODEOWNERS_PATH = ".github/CODEOWNERS"
"""The code owners file GitHub reads."""
TDX_MEMORY_FILE = f"{TICKETS_DIR}/.tdx-import.json"
"""What the TDX import last wrote to each ticket (read and written by ``generator.tdx``)."""
STAGED_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp")
"""The name an atomic write gives its temporary file (``mkstemp``'s eight random
characters between the target's name and ``.tmp``): the writers make and sweep them, the
record walker passes over them."""
FOLDER_NOTES = "readme.md"
"""A record folder's notes (``README.md`` in any case): never a record, so never an ID."""
QUIET_NAMES = frozenset({".gitkeep", ".gitignore", ".gitattributes", ".DS_Store",
                         "Thumbs.db", "desktop.ini", TDX_MEMORY_FILE.rsplit("/", 1)[1]})
"""Names that may sit in a record folder without being records or being reported: git's
placeholders, the files operating systems leave, the import's memory."""

MAX_TEXT_BYTES = 1024 * 1024
"""The largest record, settings, mapping, snapshot or page file read (1 MiB)."""
MAX_EVENT_BYTES = MAX_TEXT_BYTES
"""The largest GitHub event payload ``apply-form`` reads (an issue body is at most 65,536
characters; the rest of the payload is a few kilobytes)."""
MAX_CODEOWNERS_BYTES = 3 * 1024 * 1024
"""The largest CODEOWNERS file read: GitHub ignores a larger one (3 MB)."""
MAX_IMPORT_BYTES = 256 * 1024 * 1024
"""The largest TDX export or import memory read (256 MiB, about a million rows)."""
