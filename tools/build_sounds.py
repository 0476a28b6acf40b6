"""Synthesise the game's sound effects as 16-bit 44.1 kHz mono WAV files (numpy + stdlib wave).

    python tools/build_sounds.py

Writes assets/sounds/{click,turn_end,news,proposal,error}.wav. Every sound has a soft attack, a
smooth decay and a fade to silence, peaks at PEAK of full scale and lasts under a second.
The output is deterministic (fixed noise seed), so rebuilding gives identical files.
"""

from __future__ import annotations

import argparse
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "assets" / "sounds"
RATE = 44_100
PEAK = 0.6  # fraction of full scale: leaves headroom when sounds overlap


def timeline(seconds: float) -> np.ndarray:
    """Sample times for a sound of the given length."""
    return np.arange(int(seconds * RATE)) / RATE


def envelope(t: np.ndarray, attack: float, decay: float, fade: float = 0.02) -> np.ndarray:
    """Linear attack, exponential decay (time constant `decay`), and a fade to zero at the end."""
    env: np.ndarray = np.minimum(t / attack, 1.0) * np.exp(-np.maximum(t - attack, 0.0) / decay)
    shaped: np.ndarray = env * np.clip((t[-1] - t) / fade, 0.0, 1.0)
    return shaped


def bell(t: np.ndarray, freq: float, decay: float) -> np.ndarray:
    """A soft bell: a few partials, the upper ones dying away faster."""
    partials = ((1.0, 1.0, 1.0), (2.0, 0.35, 0.5), (3.01, 0.12, 0.3), (4.2, 0.05, 0.2))
    out = np.zeros_like(t)
    for ratio, amp, life in partials:
        out += amp * np.sin(2 * np.pi * freq * ratio * t) * envelope(t, 0.006, decay * life)
    return out


def note_at(total: float, start: float, freq: float, decay: float) -> np.ndarray:
    """A bell note placed `start` seconds into a sound `total` seconds long."""
    t = timeline(total)
    out = np.zeros_like(t)
    begin = int(start * RATE)
    out[begin:] = bell(t[: len(t) - begin], freq, decay)
    return out


def click() -> np.ndarray:
    """A short, soft tick for buttons."""
    t = timeline(0.06)
    noise = np.random.default_rng(7).standard_normal(len(t))
    smooth = np.convolve(noise, np.ones(12) / 12, mode="same")  # take the hiss off
    tone: np.ndarray = np.sin(2 * np.pi * 1500 * t) + 0.5 * np.sin(2 * np.pi * 2300 * t)
    out: np.ndarray = (0.6 * tone + 0.8 * smooth) * envelope(t, 0.002, 0.012, fade=0.01)
    return out


def turn_end() -> np.ndarray:
    """A rising three-note chime (C5 E5 G5) that closes a turn."""
    total = 0.9
    notes = ((0.0, 523.25), (0.11, 659.25), (0.22, 783.99))
    return sum((note_at(total, s, f, 0.28) for s, f in notes), np.zeros(int(total * RATE)))


def news() -> np.ndarray:
    """Two quick bright notes (G5 then C6), like a wire alert."""
    total = 0.5
    return note_at(total, 0.0, 783.99, 0.12) + 0.9 * note_at(total, 0.09, 1046.5, 0.16)


def proposal() -> np.ndarray:
    """A warm, questioning pair (A4 then D5 over a soft fifth) for an incoming offer."""
    total = 0.7
    base: np.ndarray = note_at(total, 0.0, 440.0, 0.2) + 0.4 * note_at(total, 0.0, 659.25, 0.15)
    out: np.ndarray = base + note_at(total, 0.16, 587.33, 0.22)
    return out


def error() -> np.ndarray:
    """Two low falling notes with a soft hollow (odd-harmonic) tone."""
    total = 0.36
    t = timeline(total)
    out = np.zeros_like(t)
    for start, freq in ((0.0, 330.0), (0.15, 247.0)):
        begin = int(start * RATE)
        local = t[: len(t) - begin]
        tone = sum(np.sin(2 * np.pi * freq * k * local) / k ** 1.5 for k in (1, 3, 5))
        out[begin:] += tone * envelope(local, 0.008, 0.07)
    return out


SOUNDS: dict[str, Callable[[], np.ndarray]] = {
    "click": click, "turn_end": turn_end, "news": news, "proposal": proposal, "error": error,
}


def write_wav(path: Path, signal: np.ndarray) -> None:
    """Normalise to PEAK and write 16-bit mono PCM."""
    pcm = np.round(signal / np.max(np.abs(signal)) * PEAK * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())


def main() -> None:
    """Write every sound."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, make in SOUNDS.items():
        signal = make()
        write_wav(args.out / f"{name}.wav", signal)
        print(f"{name}.wav: {len(signal) / RATE:.2f} s")


if __name__ == "__main__":
    main()
