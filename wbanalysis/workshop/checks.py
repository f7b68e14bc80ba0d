"""Self-checks for the workshop notebooks (``notebooks/workshop/``): feedback that teaches.

A student calls, for example, ``check.ex2.task1(answer)`` and gets one of: right; right, but (a note on
the form of the answer); close (naming the likely mistake); not yet (naming the mistake when it is a common
one); or no answer yet.  The expected value is never shown.  Answers are accepted in every reasonable form:
country names or codes in any case, lists, tuples or sets, dicts or Series, shares rounded to the stated
precision.  Ties are named.  A common mistake is recognised by what the answer *is*: the answer is compared
with the result of each mistaken recipe (:class:`Recipe`, :func:`recognise`), so a gap filled before or after
rescaling, or a rescaling done before or after weighting, is named whatever the order the student took.
``tests/workshop/test_checks.py`` lists, per task, the wrong answers a student would plausibly give and the
feedback each must get, and tries every order of the common mistakes of exercise 3.
"""

from __future__ import annotations

from pathlib import Path

from . import exercise1 as ex1
from . import exercise2 as ex2
from . import exercise3 as ex3
from . import outcomes
from .exercise3 import TASK2_WEIGHTS
from .feedback import MARKS, PRECISION, Exercise, Feedback

__all__ = ["MARKS", "PRECISION", "TASK2_WEIGHTS", "Feedback", "check"]


class _Checks:
    """``check.ex1.task1(answer)`` and so on."""

    exercise1 = Exercise({"task1": ex1.task1, "task2": ex1.task2, "task3": ex1.task3})
    exercise2 = Exercise({"task1": ex2.task1, "task2": ex2.task2, "task3": ex2.task3})
    exercise3 = Exercise({"task1": ex3.task1, "task2": ex3.task2, "task3": ex3.task3})

    @staticmethod
    def record_to(folder: str | Path = ".") -> None:
        """Note each check's outcome (task, status, time; never the answer) in a file in ``folder``."""
        path = outcomes.start(folder)
        print(
            f"Recording on: each check adds its task, its outcome and the time to {path.name} in "
            f"{path.parent.resolve()} (never your answer). Nothing leaves this computer unless you hand the "
            "file over. check.stop_recording() stops this notebook; deleting the file stops every notebook."
        )

    @staticmethod
    def stop_recording() -> None:
        """No more notes from this notebook."""
        outcomes.stop()
        print("Recording off in this notebook.")


check = _Checks()
