"""`python -m facilitator_tui` does what the `facilitator-tui` command does."""

import sys

from .cli import main

sys.exit(main())
