"""The headless commands: validate, simulate, bench."""
