"""``python -m wbanalysis.cli``."""

from . import run

run()
