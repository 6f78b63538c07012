"""Reminders: the schedule (pure), one check shared by every notifier, the daemon, its
systemd unit, and desktop delivery (in a child process).

Import the submodules directly; this package imports nothing.
"""
