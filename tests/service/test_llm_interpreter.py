"""The optional language-model interpreter against a tiny local server speaking the chat-completions protocol."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from photoreel.agent import Command, Edit, RuleBasedInterpreter, View
from photoreel.agent.llm import LLMInterpreter
from photoreel.service.chat_model import OpenAIChat
from photoreel.timeline import AudioSegment, TextSegment
from photoreel.timeline.ops import AddText, SetMusic, SetOutput, SetTransition
from tests.agent.test_corpus import context


class FakeModel:
    """Answers each request with the queued reply; records what it was asked."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.replies: list[tuple[int, Any]] = []


@pytest.fixture
def model() -> Iterator[tuple[FakeModel, str]]:
    fake = FakeModel()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
            status, reply = fake.replies.pop(0)
            data = (reply if isinstance(reply, str) else json.dumps(reply)).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield fake, f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def tool_calls(*calls: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "choices": [
            {
                "message": {
                    "role": "assistant",
                    "tool_calls": [
                        {"id": f"c{i}", "type": "function", "function": {"name": n, "arguments": json.dumps(a)}}
                        for i, (n, a) in enumerate(calls)
                    ],
                }
            }
        ]
    }


def test_the_model_chooses_edits_through_tools(model):
    fake, url = model
    fake.replies.append(
        (
            200,
            tool_calls(
                ("SetOutput", {"aspect": "9:16", "fps": 25}),
                ("SetTransition", {"name": "slideup", "duration_ms": 400}),
                ("AddText", {"text": "Trip", "start_ms": 0, "duration_ms": 3000, "position": "top"}),
                ("SetMusic", {"media_id": "song", "volume": 0.3}),
                ("export", {}),
            ),
        )
    )
    llm = LLMInterpreter(OpenAIChat(url, "tiny-model", api_key="k"), RuleBasedInterpreter())
    plan = llm.interpret("give it the feel of an old road movie", View(context(None)))
    assert not plan.not_understood
    assert plan.steps == [
        Edit(SetOutput(aspect="9:16", fps=25)),
        Edit(SetTransition("slideup", 400)),
        Edit(AddText(TextSegment("Trip", 0, 3000, position="top"))),
        Edit(SetMusic(AudioSegment("song", volume=0.3))),
        Command("export"),
    ]
    request = fake.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["model"] == "tiny-model"
    assert request["auth"] == "Bearer k"
    names = {t["function"]["name"] for t in request["tools"]}
    assert {"SetOutput", "AddText", "SetMusic", "RemoveSegment", "undo", "export"} - names == set()
    text_schema = next(t for t in request["tools"] if t["function"]["name"] == "AddText")["function"]["parameters"]
    assert text_schema["required"] == ["text"] and "top" in text_schema["properties"]["position"]["enum"]
    assert "IMG_1.jpg" in request["messages"][0]["content"]
    assert request["messages"][1]["content"] == "give it the feel of an old road movie"


def test_the_rules_answer_first_and_the_model_only_reads_what_they_miss(model):
    fake, url = model
    llm = LLMInterpreter(OpenAIChat(url, "tiny-model"), RuleBasedInterpreter())
    assert llm.interpret("make it square", View(context(None))).steps == [Edit(SetOutput(aspect="1:1"))]
    assert fake.requests == []  # understood: no call, no cost, no wait
    fake.replies.append((200, tool_calls(("SetTransition", {"name": "zoom", "duration_ms": 800}))))
    plan = llm.interpret("make it square and give it some pizzazz", View(context(None)))
    assert plan.steps == [Edit(SetOutput(aspect="1:1")), Edit(SetTransition("zoom", 800))]
    assert fake.requests[0]["messages"][1]["content"] == "give it some pizzazz"


def test_an_edit_from_the_model_that_does_not_apply_is_not_used(model):
    fake, url = model
    fake.replies.append((200, tool_calls(("RemoveSegment", {"index": 40}))))
    llm = LLMInterpreter(OpenAIChat(url, "tiny-model"), RuleBasedInterpreter())
    plan = llm.interpret("square, and lose the blurry bit", View(context(None)))
    assert plan.steps == [Edit(SetOutput(aspect="1:1"))] and plan.not_understood == ["lose the blurry bit"]


@pytest.mark.parametrize(
    "reply",
    [
        (500, {"error": "overloaded"}),
        (200, "not json"),
        (200, tool_calls(("Explode", {}))),
        (200, tool_calls(("SetTransition", {"nam": "fade"}))),
        (200, {"choices": [{"message": {"role": "assistant", "content": "Sure!"}}]}),
    ],
)
def test_any_failure_falls_back_to_the_rules(model, reply):
    fake, url = model
    fake.replies.append(reply)
    llm = LLMInterpreter(OpenAIChat(url, "tiny-model", timeout_s=5), RuleBasedInterpreter())
    plan = llm.interpret("9:16, with a bit of pizzazz", View(context(None)))
    assert plan.steps == [Edit(SetOutput(aspect="9:16"))] and plan.not_understood == ["with a bit of pizzazz"]


def test_an_unreachable_model_falls_back(tmp_path):
    llm = LLMInterpreter(OpenAIChat("http://127.0.0.1:9/v1", "m", timeout_s=1), RuleBasedInterpreter())
    assert llm.interpret("square and jazz it up", View(context(None))).steps == [Edit(SetOutput(aspect="1:1"))]


def test_the_service_uses_the_model_when_configured(make_client, model, make_photo):
    from tests.api_fixtures import Api

    fake, url = model
    api = Api(make_client(llm_url=url, llm_model="tiny-model")).login()
    api.new_session()
    api.upload(make_photo())
    fake.replies.append((200, tool_calls(("SetFit", {"fit": "contain"}))))
    body = {"session_id": api.session_id, "new_message": {"role": "user", "parts": [{"text": "show it all"}]}}
    events = api.client.post("/run", json=body, headers=api.auth).json()
    assert events[0]["content"]["parts"][0]["functionCall"] == {
        "id": events[0]["content"]["parts"][0]["functionCall"]["id"],
        "name": "SetFit",
        "args": {"fit": "contain", "index": None},
    }


def test_the_model_cannot_name_a_font_file(model):
    fake, url = model
    fake.replies.append((200, tool_calls(("AddText", {"text": "Hi", "font": "/etc/passwd"}))))
    llm = LLMInterpreter(OpenAIChat(url, "tiny-model"), RuleBasedInterpreter())
    plan = llm.interpret("something the rules miss entirely, zorp", View(context(None)))
    assert [s.op.text.font for s in plan.steps if isinstance(s, Edit)] == [None]
    text_schema = next(t for t in fake.requests[0]["tools"] if t["function"]["name"] == "AddText")
    assert "font" not in text_schema["function"]["parameters"]["properties"]
