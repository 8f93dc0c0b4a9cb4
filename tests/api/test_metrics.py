"""`/metrics` in Prometheus' format: requests by route template and status, latency, the render queue, render
seconds, chunks from the cache, credits spent; behind the operator's token when one is set."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.api_fixtures import Api, assert_envelope


def _samples(api: Api, **headers: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    r = api.client.get("/metrics", headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain"), r.text
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }


def test_metrics_count_requests_renders_cache_hits_and_credits(make_client, make_photo):
    api = Api(make_client(chunk_s=2.0)).login()
    api.new_session()
    assert_envelope(api.upload(*(make_photo(colour=(40 * i, 90, 200)) for i in range(3))), 200, 0)
    api.say('add the title "Hello"')
    assert_envelope(api.export("render_one", resolution=360), 200, 0)
    api.wait_completed("render_one")
    assert_envelope(api.export("render_two", resolution=360), 200, 0)  # the same video: every chunk is cached
    api.wait_completed("render_two")

    m = _samples(api)
    status_route = "/api/render/proxy/lambda/{render_id}"
    polls = m[("photoreel_http_requests_total", (("method", "GET"), ("route", status_route), ("status", "200")))]
    assert polls >= 2, "one series per route template, not per render id"
    assert not any("render_one" in labels for _, labels in m for labels in [str(labels)]), "no ids in labels"
    assert m[("photoreel_http_request_seconds_count", (("route", status_route),))] == polls
    assert m[("photoreel_renders_completed_total", ())] == 2
    assert m[("photoreel_render_seconds_total", ())] > 0
    assert m[("photoreel_render_queue_depth", ())] == 0
    assert m[("photoreel_render_jobs", (("status", "completed"),))] == 2
    rendered = m[("photoreel_chunks_total", (("source", "rendered"),))]
    assert rendered >= 2 and m[("photoreel_chunks_total", (("source", "cache"),))] == rendered
    assert m[("photoreel_chunk_cache_chunks", ())] == rendered and m[("photoreel_chunk_cache_bytes", ())] > 0
    assert m[("photoreel_credits_spent_total", ())] >= 1, "the title was a paid edit"


def test_metrics_need_the_operators_token_when_one_is_set(make_client):
    api = Api(make_client(metrics_token="s3cret-operator"))
    r = api.client.get("/metrics")
    assert_envelope(r, 401, 401)
    assert api.client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert ("photoreel_render_queue_depth", ()) in _samples(api, Authorization="Bearer s3cret-operator")
