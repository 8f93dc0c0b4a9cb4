"""The engine: draw each frame of a timeline from decoded photos and encode it with FFmpeg (PyAV)."""

from photoreel.render.engine import RenderResult, render

__all__ = ["RenderResult", "render"]
