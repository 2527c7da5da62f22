"""escalation-pathway: IT support escalation records as code.

The package reads ticket and admin records (Markdown with YAML front-matter),
validates them, computes response tracking and weekly reports, and generates
the pages of a static mkdocs-material site.
"""

__version__ = "0.1.0"
