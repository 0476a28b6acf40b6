"""Argument types shared by the command line and the commands (standard library only)."""

from __future__ import annotations

import argparse


def whole_number(text: str, low: int, what: str = "") -> int:
    """Parse a whole number of at least `low`, or raise argparse's error naming `what`."""
    name = f"{what} " if what else ""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{name}'{text}' is not a whole number") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"{name}{value} must be at least {low}")
    return value


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    return whole_number(text, 1)


def seed(text: str) -> int:
    """argparse type: a seed, a whole number of at least 0."""
    return whole_number(text, 0, "seed")
