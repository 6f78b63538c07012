"""The store: supple.json (TinyDB), its records, backups, status cache and import/export.

Import the submodules directly; this package imports nothing, so a light command loads only
what it uses.
"""
