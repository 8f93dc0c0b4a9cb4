"""The language model behind the agent's `ChatModel` port: any OpenAI-compatible chat-completions endpoint
(`PHOTOREEL_LLM_URL`, e.g. a local llama.cpp or vLLM server), over HTTP."""

from __future__ import annotations

import json
from typing import Any

import httpx

from photoreel.agent.llm import ToolCall


class OpenAIChat:
    def __init__(self, url: str, model: str, api_key: str | None = None, timeout_s: float = 20.0) -> None:
        self.url = url.rstrip("/") + "/chat/completions"
        self.model = model
        self.api_key = api_key
        self.timeout_s = timeout_s

    def tool_calls(self, system: str, message: str, tools: list[dict[str, Any]]) -> list[ToolCall]:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {
            "model": self.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": message}],
            "tools": tools,
            "tool_choice": "auto",
            "temperature": 0,
        }
        response = httpx.post(self.url, json=body, headers=headers, timeout=self.timeout_s)
        response.raise_for_status()
        calls = response.json()["choices"][0]["message"].get("tool_calls") or []
        return [(c["function"]["name"], json.loads(c["function"].get("arguments") or "{}")) for c in calls]
