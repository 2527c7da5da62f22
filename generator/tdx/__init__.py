"""Import TeamDynamix (TDX) report exports into ticket records.

The stages, in the order the command runs them (:mod:`.importer` strings them together):

- :mod:`.mapping`: the column aliases and value tables (built in, overridable by a file);
- :mod:`.source`: the export's header and rows, CSV or JSON, with row labels;
- :mod:`.columns`: which column feeds which record field, what is missing or unused;
- :mod:`.rows`: one export row to typed record values, or the reasons it cannot be;
- :mod:`.memory`: what the import last wrote to each ticket (``tickets/.tdx-import.json``);
- :mod:`.plan`: create, update, unchanged, conflict or rejected for every row (existing
  records are updated byte-preserving by :mod:`generator.write.frontmatter_edit`);
- :mod:`.apply`: the writes (atomic, one flush to disk) and the dry-run diff;
- :mod:`.report` and :mod:`.progress`: what the person running the import sees.
"""
