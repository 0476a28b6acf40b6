"""The simulation core: numpy and the standard library only (no pygame, no yaml, no I/O)."""
