"""The client: drive any seed-compatible server (photoreel or the cloud service) from Python or the CLI."""

from photoreel.client.api import DEFAULT_SERVER, PhotoreelClient, SessionState
from photoreel.client.cache import TokenCache
from photoreel.client.events import ErrorEvent, Heartbeat, Reply, ToolCall, ToolResult

__all__ = [
    "DEFAULT_SERVER",
    "ErrorEvent",
    "Heartbeat",
    "PhotoreelClient",
    "Reply",
    "SessionState",
    "TokenCache",
    "ToolCall",
    "ToolResult",
]
