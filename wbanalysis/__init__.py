"""wbanalysis: the KCSS 2025 report on Western Balkans security cooperation as an executable evidence base."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("wbanalysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
