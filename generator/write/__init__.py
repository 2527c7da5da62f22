"""Stage 5, writing: every file the tools write, and the site builder's run.

Atomic writes, the one front-matter editor (``engage``, ``respond``, the import), the one
record skeleton writer (``new``, the import), frozen snapshots, the staging folder and the
call of MkDocs or Zensical. The commands and the import that call these writers check
the exact text with the rules of :mod:`generator.check` first.
"""
