"""Progress of a build: a bar on a terminal, a line per report elsewhere."""

from __future__ import annotations

import sys
from typing import Any


class Progress:
    """A progress bar (reports done/total, the current report, elapsed time) on a terminal; lines elsewhere."""

    def __init__(self, total: int, enabled: bool = True, stream: Any = None) -> None:
        self.total, self.enabled, self.count = total, enabled, 0
        self.stream = stream or sys.stderr
        self.bar = None
        if enabled and total and getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                unit="report",
                file=self.stream,
                dynamic_ncols=True,
                bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}] {postfix}",
            )

    def start(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(name)

    def done(self, result: Any) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{result.name}: {result.status}")
            self.bar.update(1)
        elif self.enabled:
            detail = f" - {result.error}" if result.error else ""
            print(
                f"[{self.count}/{self.total}] {result.name}: {result.status} ({result.seconds:.1f} s){detail}",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
