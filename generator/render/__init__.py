"""Stage 4, rendering: text from computed values, never from files.

Page families behind one protocol, HTML fragments, links and URLs, the one Jinja
environment and its templates, charts, the site assets, and the Markdown, CSV, JSON and
YAML renderings of figures and values.
"""
