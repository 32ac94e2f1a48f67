"""Entry point of `python -m audit.scoring`."""

import sys

from audit.scoring.cli import main

sys.exit(main())
