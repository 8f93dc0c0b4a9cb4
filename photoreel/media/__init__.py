"""Inputs: judge files by content, probe them, and decode photos upright at the size they are needed."""

from photoreel.media.files import expand_inputs, order_paths
from photoreel.media.images import load_image
from photoreel.media.inspect import MediaInfo, inspect_media

__all__ = ["MediaInfo", "expand_inputs", "inspect_media", "load_image", "order_paths"]
