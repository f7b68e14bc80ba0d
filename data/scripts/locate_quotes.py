"""Fill the ``place`` column of data/claims.csv: where each quote sits in the report (chapter, section, paragraph).

The report's text is not part of the project; supply it with $WBANALYSIS_REPORT_TEXT or as the argument:

    .venv/bin/python data/scripts/locate_quotes.py [REPORT_TEXT]

Then run ``wbanalysis data rehash``.  A test recomputes every place where the text is supplied.
"""

from __future__ import annotations

import sys

import pandas as pd

from wbanalysis import data, report_text
from wbanalysis.locate import claim_place


def main(given: str | None = None) -> int:
    text = "\n\n".join(f.read_text(encoding="utf-8") for f in report_text.files(given))
    path = data.resource_path("claims")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["place"] = [claim_place(i, q, text) for i, q in zip(table["id"], table["quote"], strict=True)]
    unplaced = table.loc[table["place"] == "", "id"].tolist()
    if unplaced:
        print(f"not found in the text: {', '.join(unplaced)}", file=sys.stderr)
        return 1
    columns = [c for c in table.columns if c != "place"]
    columns.insert(columns.index("quote") + 1, "place")
    table[columns].to_csv(path, index=False, lineterminator="\n")
    print(f"{len(table)} places written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
