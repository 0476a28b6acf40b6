"""Random numbers of their own for every game of a batch (counter-based streams).

A computer player's decision for a game must not depend on which other games share its batch.
A generator shared by the batch cannot give that (game 7 draws different numbers in a batch of
8 and in a batch of 500), so the players draw from `Streams`: every game has a 64-bit key, and
a draw is a hash of (the game's key, the draw's label, the position in the draw).  Game g's
numbers then depend only on its key and on what is drawn, never on the batch around it.

The hash is SplitMix64's finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number
generators", OOPSLA 2014), applied element-wise with numpy's wrapping uint64 arithmetic.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_TWO_PI = np.float64(2.0 * np.pi)


def mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser of every element of a uint64 array (a new array)."""
    with np.errstate(over="ignore"):
        z = (x ^ (x >> np.uint64(30))) * _M1
        z = (z ^ (z >> np.uint64(27))) * _M2
    return np.asarray(z ^ (z >> np.uint64(31)))


def label_code(label: str | int) -> np.uint64:
    """A stable 64-bit code of a draw's label (the same in every process)."""
    if isinstance(label, str):
        return np.uint64(zlib.crc32(label.encode("utf-8")) | (1 << 40))
    return np.uint64(int(label) & 0xFFFFFFFF)


@dataclass(frozen=True)
class Streams:
    """One random stream per game: `keys` (B,) uint64."""

    keys: np.ndarray

    @staticmethod
    def from_rng(rng: np.random.Generator, batch: int) -> Streams:
        """A key for each of `batch` games, drawn from a generator."""
        return Streams(rng.integers(0, 2**63 - 1, size=batch, dtype=np.int64).astype(np.uint64))

    @staticmethod
    def from_seeds(seeds: np.ndarray | list[int]) -> Streams:
        """The streams of games with these seeds (game g alone or in any batch: the same)."""
        raw = np.asarray(seeds, dtype=np.int64).astype(np.uint64)
        return Streams(mix(raw + _GOLDEN))

    @property
    def batch(self) -> int:
        """Number of games."""
        return int(self.keys.size)

    def child(self, label: str | int) -> Streams:
        """The sub-stream named `label` of every game."""
        with np.errstate(over="ignore"):
            return Streams(mix(self.keys ^ mix(np.asarray(label_code(label) * _GOLDEN))))

    def child_each(self, labels: np.ndarray) -> Streams:
        """Each game's sub-stream numbered by its own entry of `labels` (B,) int."""
        codes = np.asarray(labels, dtype=np.int64).astype(np.uint64) & np.uint64(0xFFFFFFFF)
        with np.errstate(over="ignore"):
            return Streams(mix(self.keys ^ mix(codes * _GOLDEN)))

    def select(self, rows: np.ndarray) -> Streams:
        """The streams of some games (rows may repeat: copies share their game's stream)."""
        return Streams(self.keys[np.asarray(rows)])

    def bits(self, label: str | int, shape: tuple[int, ...]) -> np.ndarray:
        """(B, *shape) uint64 random bits of the draw named `label`."""
        size = int(np.prod(shape, dtype=np.int64))
        key = self.child(label).keys
        with np.errstate(over="ignore"):
            count = (np.arange(1, size + 1, dtype=np.uint64) * _GOLDEN)[None, :]
            out = mix(key[:, None] + count)
        return out.reshape((self.batch, *shape))

    def random(self, label: str | int, shape: tuple[int, ...],
               dtype: type = np.float64) -> np.ndarray:
        """(B, *shape) uniform in [0, 1)."""
        top = (self.bits(label, shape) >> np.uint64(11)).astype(np.float64)
        return np.asarray(top * (1.0 / 2**53), dtype=dtype)

    def normal(self, label: str | int, shape: tuple[int, ...],
               dtype: type = np.float64) -> np.ndarray:
        """(B, *shape) standard normal (Box-Muller on the two 32-bit halves of each draw)."""
        raw = self.bits(label, shape)
        high = (raw >> np.uint64(32)).astype(np.float64)
        low = (raw & np.uint64(0xFFFFFFFF)).astype(np.float64)
        radius = np.sqrt(-2.0 * np.log((high + 0.5) * (1.0 / 2**32)))
        return np.asarray(radius * np.cos(_TWO_PI * low * (1.0 / 2**32)), dtype=dtype)
