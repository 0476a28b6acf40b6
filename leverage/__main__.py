"""`python -m leverage`: the same command line as `main.py` and the `leverage` command."""

import sys

from leverage.cli import main

if __name__ == "__main__":
    sys.exit(main())
