"""Run the command line as ``python -m korme``."""

import sys

from korme.cli import main

sys.exit(main())
