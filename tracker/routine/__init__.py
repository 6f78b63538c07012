"""The routine: its exercises as data, the session plan and engine, figures and tutorial text."""
