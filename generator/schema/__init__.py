"""Stage 1, the vocabulary: the typed records, the field specs that declare each record
kind once, the settings model, the problem codes and the folder names of a project.

Everything else is derived from here: the loader reads fields by their specs, the checks
report with these codes, the writers lay out skeletons in the declared key order, and the
browser forms read a JSON rendering of the same specs. Imports nothing of the package.
"""
