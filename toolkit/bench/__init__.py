"""``make bench``: how fast the toolkit is on a large synthetic edition, against the floor.

:mod:`.generate` writes a deterministic edition of N documents; :mod:`.floor`
does the least any build must do with those files (read and write each once
with lxml); :mod:`.harness` runs ``edition validate`` and the builds as
subprocesses on the same files, with their peak memory, and prints and saves
the table.
"""
