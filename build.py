#!/usr/bin/env python3
"""``python build.py …`` runs the same command line as the installed ``korme``."""

import sys

from korme.cli import main

if __name__ == "__main__":
    sys.exit(main())
