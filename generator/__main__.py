"""``python -m generator``: the ``escalation`` command."""

import sys

from generator.cli.main import main

sys.exit(main())
