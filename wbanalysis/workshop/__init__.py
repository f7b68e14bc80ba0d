"""The workshop kit for ``notebooks/workshop/``: self-checks, the timetable, the teacher's tools.

Students use ``check`` (``check.exercise2.task1(answer)``) and ``operations`` (Table 2 with True/False
marks); see :mod:`.checks`.  Teachers run ``python -m wbanalysis.workshop --help`` (pre-flight, solutions,
a summary of the room).
"""

from __future__ import annotations

from .checks import MARKS, PRECISION, TASK2_WEIGHTS, Feedback, check
from .tables import operations

__all__ = ["MARKS", "PRECISION", "TASK2_WEIGHTS", "Feedback", "check", "operations"]
