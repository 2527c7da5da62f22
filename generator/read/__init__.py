"""Stage 2, reading: the only stage that opens the project's files.

Settings from ``mkdocs.yml``, ticket and admin records, the knowledge base entries and
the frozen weekly snapshots are read once into a :class:`~generator.read.project.Project`,
with every shape problem (syntax, types, required fields) as a located problem.
"""
