"""`python -m game`: the same command line as `main.py` and the `leverage` command."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main())
