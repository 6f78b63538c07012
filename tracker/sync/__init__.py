"""Sync through a folder that Syncthing, Nextcloud or Dropbox keeps the same on every device.

The store (supple.json) stays where it is and stays what every screen and command reads. Each
device also keeps an append-only log of its own changes and copies it into the folder, where
only that device writes its own files (`PATH/devices/<device-id>/<YYYY-MM>.jsonl`): no sync
engine can make a conflict of a file that one device alone writes. Every device reads every
log and merges the entries into its own store, by id, date and key, the latest change winning
by a hybrid logical clock. Deletions are entries too (tombstones), and an undo is a new entry.

- hlc, entries, merge: pure (no files): the clock, an entry and its checks, the merge.
- mark: what the folder holds, in a few stats (os only: `supple status` reads it).
- journal, folder: this device's own files in the data folder, and the shared folder.
- synced_store: the Store that records every local change and merges the others'.
- setup, watch: turning sync on and off, the report of `sync --status`, the app's watcher.
"""
