"""The pure core: days, rules, settings, today's picture. Imports no Textual, TinyDB or plyer."""
