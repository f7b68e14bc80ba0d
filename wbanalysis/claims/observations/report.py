"""What the report's own tables state, as the ledger's claimed values ('=table2:5:marks'), and what they show
when compared with themselves (a row printed twice).  The report never corroborates itself: these give the
report's side of a comparison, or a fact about the table as printed."""

from __future__ import annotations

import functools

import pandas as pd

from ... import data
from ...countries import WB6

TABLE2 = "table2_europol_operations"


@functools.lru_cache(maxsize=4)
def _table2(_version: tuple) -> pd.DataFrame:
    return data.load(TABLE2).set_index("row")


def claimed(ref: str) -> str:
    """A value of the report's tables: 'table2:ROW:year', 'table2:ROW:marks' (the WB6 ticked, as codes),
    'table2:ROW:title'."""
    table, _, rest = ref.partition(":")
    row_text, _, field = rest.partition(":")
    if table != "table2":
        raise ValueError(f"claimed value {ref!r}: only table2 rows can be referred to (table2:ROW:FIELD)")
    row = _table2(data.version(TABLE2)).loc[int(row_text)]
    if field == "year":
        return str(int(row["year"]))
    if field == "title":
        return str(row["operation"])
    if field == "marks":
        return ";".join(c for c in WB6 if str(row[c]).strip() == "✓")
    raise ValueError(f"claimed value {ref!r}: the field is year, title or marks")
