"""Copy the Noto Sans fonts the game uses from Debian's fonts-noto-core, with their OFL licence.

    apt-get install -y fonts-noto-core
    python tools/build_fonts.py

Writes assets/fonts/NotoSans-{Regular,Bold,Italic}.ttf and assets/fonts/LICENSE-OFL.txt.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "assets" / "fonts"
FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf")
HEADER = """Noto Sans (NotoSans-Regular.ttf, NotoSans-Bold.ttf, NotoSans-Italic.ttf)
Copyright 2010, 2012-2020 Google Inc.; 2015-2020 Google LLC.
Taken unmodified from Debian's fonts-noto-core package (upstream: the Noto fonts project).

This Font Software is licensed under the SIL Open Font License, Version 1.1.
This license is copied below, and is also available with a FAQ at: https://openfontlicense.org

-----------------------------------------------------------
SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007
-----------------------------------------------------------

"""


def ofl_text(copyright_file: Path) -> str:
    """The OFL-1.1 licence body from a Debian machine-readable copyright file."""
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    start = max(i for i, line in enumerate(lines) if line.strip() == "License: OFL-1.1")
    body = []
    for line in lines[start + 1:]:
        if line and not line.startswith(" "):
            break
        text = line[1:] if line.startswith(" ") else line
        body.append("" if text == "." else text)
    return "\n".join(body).strip() + "\n"


def main() -> None:
    """Copy the font files and write the licence."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path("/usr/share/fonts/truetype/noto"))
    parser.add_argument("--copyright", type=Path,
                        default=Path("/usr/share/doc/fonts-noto-core/copyright"))
    args = parser.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(args.src / name, OUT_DIR / name)
    (OUT_DIR / "LICENSE-OFL.txt").write_text(HEADER + ofl_text(args.copyright), encoding="utf-8")
    print(f"{len(FILES)} fonts, {sum((OUT_DIR / n).stat().st_size for n in FILES)} bytes")


if __name__ == "__main__":
    main()
