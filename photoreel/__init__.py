"""photoreel: photos in, a phone-ready video out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("photoreel")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
