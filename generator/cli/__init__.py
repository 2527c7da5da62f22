"""Stage 6, the command line: argument parsing and one module per command.

Commands decide exit codes and print; shared helpers live in :mod:`generator.cli.common`.
"""
