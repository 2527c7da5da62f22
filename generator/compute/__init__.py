"""Stage 3, computing: pure functions from records to figures.

The business calendar, the as-of instant, engagement states, weekly figures, the frozen
comparison and the site context the pages need. No file access: what is on disk was
read by :mod:`generator.read` before.
"""
