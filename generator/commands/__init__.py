"""One module per ``escalation`` sub-command; each exposes ``register(subparsers)``."""
