"""Bounds on what a user gives: YAML of a bounded size, depth and expansion (no alias bomb), long values shortened
in messages, timeouts that are positive numbers."""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from .errors import ParameterError

#: The largest YAML text read (a parameters file, a ``-p`` value), in characters.
MAX_YAML_CHARACTERS = 1_000_000
#: The deepest nesting of lists and mappings.
MAX_DEPTH = 20
#: The most values YAML may stand for once its aliases are expanded (what a report's parameters can use).
MAX_VALUES = 100_000


class _Bounded(yaml.SafeLoader):
    """PyYAML's safe loader, refusing nesting deeper than ``MAX_DEPTH`` while it composes the document."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooLarge(f"nested deeper than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TooLarge(Exception):
    pass


def _expanded(node: Any, seen: dict[int, int]) -> int:
    """How many values a node stands for with every alias written out (counted once per node, so fast)."""
    if id(node) in seen:
        return seen[id(node)]
    seen[id(node)] = 1  # a node that contains itself (a recursive alias) counts once
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(_expanded(child, seen) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(_expanded(k, seen) + _expanded(v, seen) for k, v in node.value)
    total = min(total, MAX_VALUES + 1)
    seen[id(node)] = total
    return total


def load_yaml(text: str, where: str) -> Any:
    """``text`` as YAML (safe types only), refused before it is built when it is too long, too deep, or stands for
    too many values (aliases that multiply: a "billion laughs"); the error names ``where``."""
    if len(text) > MAX_YAML_CHARACTERS:
        raise ParameterError(f"{where}: {len(text)} characters, more than the {MAX_YAML_CHARACTERS} accepted")
    loader = _Bounded(text)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded(node, {}) > MAX_VALUES:
            raise _TooLarge(f"stands for more than {MAX_VALUES} values once its aliases (*name) are expanded")
        return loader.construct_document(node) if node is not None else None
    except _TooLarge as exc:
        raise ParameterError(f"{where}: too large to be parameters: {exc}") from None
    finally:
        loader.dispose()


#: Values longer than this many characters are shortened in messages.
SHOWN = 80
#: A word of a message (a file's path, a value echoed) longer than this is shortened: paths stay whole.
WORD_SHOWN = 300
_LONG = re.compile(r"\S{" + str(WORD_SHOWN + 1) + ",}")


def shorten(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to ``limit`` characters with how long it was, for a message."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20]}…{text[-10:]} ({len(text)} characters)"


def shorten_message(message: str) -> str:
    """A message with every very long word (a value echoed in it) shortened, and at most 2,000 characters."""
    message = _LONG.sub(lambda m: shorten(m.group(0), WORD_SHOWN), message)
    return shorten(message, 2000)


#: Seconds a notebook's cell may run before a build or a refresh gives up on the notebook (``--timeout``).
CELL_TIMEOUT = 300


def cell_timeout(value: Any, option: str = "--timeout") -> int:
    """A cell's timeout in whole seconds (rounded up; kernels count whole seconds): a finite number above 0 (0 or
    less is refused, never taken as "no limit")."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        shown = f"{value:g}" if isinstance(value, int | float) and not isinstance(value, bool) else repr(value)
        raise ParameterError(f"{option} must be a positive number of seconds, got {shown}")
    return max(1, math.ceil(value))
