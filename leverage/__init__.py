"""Leverage: a turn-based game about bilateral relations under sanctions pressure."""

__version__ = "0.1.0"
