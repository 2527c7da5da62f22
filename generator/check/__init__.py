"""Stage 3, checking: rules over the typed records that relate fields and records.

One rule set, run by ``check``, ``build``, the writers and the import alike, so that no
command accepts what another refuses. Reads no file and renders nothing.
"""
