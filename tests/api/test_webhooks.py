"""Webhooks against a local receiver: the export's status POSTed when it finishes, signed (Stripe's scheme) with
the account's secret, tried again after a 500 with back-off, given up after the window, every attempt shown in
the job's status; callbacks to private addresses refused."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.api_fixtures import Api, assert_envelope
from tests.live import wait_until


class Receiver:
    """An HTTP server on loopback that records each POST and answers with the next of `answers` (then 200)."""

    def __init__(self, answers: list[int] | None = None) -> None:
        self.answers = list(answers or [])
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/photoreel"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def _client(make_client, **settings):
    # The receiver is on loopback, which callbacks may reach only when the operator allows it (as URL imports).
    return make_client(url_allow_hosts=["127.0.0.1"], webhook_poll_s=0.05, chunk_s=2.0, **settings)


def _export(api: Api, make_photo, render_id: str, **body) -> None:
    assert_envelope(api.upload(make_photo(), make_photo(colour=(30, 200, 30))), 200, 0)
    payload = {"id": render_id, "sessionId": api.session_id, "resolution": 360, **body}
    assert_envelope(api.client.post("/api/render/proxy/lambda", json=payload, headers=api.auth), 200, 0)


def verify(secret: str, header: str, body: bytes, tolerance_s: int = 300) -> bool:
    """What a receiver does (docs/deploy.md shows the same): check the timestamp, then the HMAC."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    if abs(time.time() - int(parts["t"])) > tolerance_s:
        return False
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def test_a_finished_export_is_posted_signed_with_the_accounts_secret(make_client, make_photo, receiver):
    api = Api.started(_client(make_client))
    _export(api, make_photo, "render_hook", callback=receiver.url)
    done = api.wait_completed("render_hook")
    wait_until(lambda: receiver.received, 10, "the webhook")
    headers, body = receiver.received[0]
    secret = assert_envelope(api.client.get("/api/webhooks/secret", headers=api.auth), 200, 0)["data"]["secret"]
    assert secret.startswith("whsec_") and verify(secret, headers["photoreel-signature"], body)
    assert not verify(secret, headers["photoreel-signature"], body + b" "), "a changed body fails the check"
    event = json.loads(body)
    assert event["type"] == "render.completed"
    assert event["data"]["status"] == "completed" and event["data"]["id"] == "render_hook"
    # The same signed download link (its expiry counts from when it was made).
    assert event["data"]["output"]["url"].split("?")[0] == done["output"]["url"].split("?")[0]
    assert api.client.get(event["data"]["output"]["url"]).status_code == 200
    assert headers["content-type"] == "application/json"

    delivered = lambda: (s := api.status("render_hook"))["callback"]["deliveries"][0]["delivered"] and s  # noqa: E731
    status = wait_until(delivered, 10, "the delivery to be recorded")
    delivery = status["callback"]["deliveries"][0]
    assert status["callback"]["url"] == receiver.url
    assert delivery["event"] == "render.completed" and [a["status"] for a in delivery["attempts"]] == [200]
    time.sleep(0.3)
    assert len(receiver.received) == 1, "delivered once"


def test_a_failed_delivery_is_tried_again_with_back_off_and_the_stages_are_posted_if_asked(make_client, make_photo):
    receiver = Receiver(answers=[500])  # the first POST fails
    try:
        api = Api.started(_client(make_client, webhook_retry_base_s=0.3))
        _export(api, make_photo, "render_retry", callback=receiver.url, callbackStages=True)
        api.wait_completed("render_retry")
        wait_until(lambda: len(receiver.received) >= 3, 15, "the stages and the retry")
        events = [json.loads(body)["type"] for _, body in receiver.received]
        assert events[0] == "render.rendering" and "render.completed" in events
        status = api.status("render_retry")
        by_event = {d["event"]: d for d in status["callback"]["deliveries"]}
        retried = by_event["render.rendering"]
        assert [a["status"] for a in retried["attempts"]] == [500, 200] and retried["delivered"]
        assert retried["attempts"][0]["error"] == "answered 500"
    finally:
        receiver.close()


def test_a_receiver_that_keeps_failing_is_given_up_after_the_window(make_client, make_photo):
    receiver = Receiver(answers=[503] * 100)
    try:
        api = Api.started(_client(make_client, webhook_retry_base_s=0.1, webhook_give_up_s=1.0))
        _export(api, make_photo, "render_down", callback=receiver.url)
        api.wait_completed("render_down")
        status = wait_until(
            lambda: (
                (s := api.status("render_down"))["callback"]["deliveries"]
                and s["callback"]["deliveries"][0]["gaveUp"]
                and s
            ),
            20,
            "giving up",
        )
        delivery = status["callback"]["deliveries"][0]
        assert len(delivery["attempts"]) >= 2 and not delivery["delivered"] and delivery["nextAttemptAt"] is None
        gaps = [b - a for a, b in itertools.pairwise(_times(delivery))]
        # Waits of 0.1, 0.2, 0.4 s ... (give or take the sender's 0.05 s poll): each longer than the one before.
        assert all(b > a - 0.06 for a, b in itertools.pairwise(gaps)), gaps
        assert gaps[-1] > gaps[0] if len(gaps) >= 2 else True
        seen = len(receiver.received)
        time.sleep(0.5)
        assert len(receiver.received) == seen, "no attempt after giving up"
    finally:
        receiver.close()


def _times(delivery: dict) -> list[float]:
    from datetime import datetime

    return [datetime.fromisoformat(a["at"].rstrip("Z")).timestamp() for a in delivery["attempts"]]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "http://10.0.0.7/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "file:///etc/passwd",
        "http://localhost/hook",
        "http://127.0.0.1:99999/hook",  # no such port: a 400, not a 500
    ],
)
def test_callbacks_to_private_addresses_are_refused(make_client, make_photo, url):
    api = Api.started(make_client())  # no allow-list: loopback is private too
    assert_envelope(api.upload(make_photo()), 200, 0)
    body = {"id": "render_ssrf", "sessionId": api.session_id, "callback": url}
    r = api.client.post("/api/render/proxy/lambda", json=body, headers=api.auth)
    assert "callback URL cannot be used" in assert_envelope(r, 400, 400)["message"]
    assert api.client.get("/api/render/proxy/lambda/render_ssrf", headers=api.auth).status_code == 404, "not queued"
