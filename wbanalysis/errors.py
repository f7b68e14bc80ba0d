"""Exceptions that carry a message a user can act on."""


class WBAnalysisError(Exception):
    """Base class: every error the package raises on bad input."""


class DataError(WBAnalysisError):
    """A data file is missing, changed or breaks its schema."""


class ParameterError(WBAnalysisError, ValueError):
    """A notebook parameter has a bad name, type or value."""


class YearsOutsideData(ParameterError):
    """A year range with no year the notebook's data cover (a build of several notebooks leaves that one out)."""


class BuildError(WBAnalysisError):
    """A report could not be built."""


class Stopped(KeyboardInterrupt):
    """The command was told to stop by a signal (SIGTERM, SIGHUP): handled like Ctrl-C, with the signal's code."""

    def __init__(self, signum: int) -> None:
        import signal

        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name
