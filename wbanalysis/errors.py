"""Exceptions that carry a message a user can act on."""


class WBAnalysisError(Exception):
    """Base class: every error the package raises on bad input."""


class DataError(WBAnalysisError):
    """A data file is missing, changed or breaks its schema."""


class ParameterError(WBAnalysisError, ValueError):
    """A notebook parameter has a bad name, type or value."""


class BuildError(WBAnalysisError):
    """A report could not be built."""
