"""`/metrics` in Prometheus' text format, with prometheus-client: this server's requests (by route template and
status, and their latency), and the service's figures from the database (service/usage.py), which every server
of a fleet reports alike. Each app has its own registry, so apps made side by side (tests) don't collide."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import Scope

from photoreel.renders.states import JobStatus
from photoreel.service import usage
from photoreel.service.context import AppContext

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self, ctx: AppContext) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "photoreel_http_requests", "HTTP requests answered.", ["route", "method", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "photoreel_http_request_seconds",
            "Time to answer, by route.",
            ["route"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_ServiceCollector(ctx))

    def observe(self, scope: Scope, status: int, seconds: float) -> None:
        # The route's template, not the path: one series per route, however many sessions and ids there are.
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        self.requests.labels(route, scope.get("method", ""), str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _ServiceCollector(Collector):
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def collect(self) -> Iterator[Metric]:
        now = usage.usage(self.ctx)
        jobs = GaugeMetricFamily("photoreel_render_jobs", "Export jobs by status.", labels=["status"])
        for status in JobStatus:
            jobs.add_metric([str(status)], now.jobs.get(str(status), 0))
        yield jobs
        yield GaugeMetricFamily(
            "photoreel_render_queue_depth",
            "Work waiting for a render worker: exports queued plus chunks of started exports queued.",
            value=now.jobs.get(str(JobStatus.QUEUED), 0) + now.chunks_waiting,
        )
        yield CounterMetricFamily(
            "photoreel_render_seconds", "Wall time of completed exports, start to finish.", value=now.render_seconds
        )
        yield CounterMetricFamily("photoreel_renders_completed", "Exports completed.", value=now.renders_completed)
        chunks = CounterMetricFamily(
            "photoreel_chunks", "Chunks of exports, by where they came from.", labels=["source"]
        )
        chunks.add_metric(["rendered"], now.chunks_rendered)
        chunks.add_metric(["cache"], now.chunks_from_cache)
        yield chunks
        yield GaugeMetricFamily("photoreel_chunk_cache_chunks", "Chunks in the chunk cache.", value=now.cache_chunks)
        yield GaugeMetricFamily("photoreel_chunk_cache_bytes", "Bytes of the chunk cache.", value=now.cache_bytes)
        yield CounterMetricFamily("photoreel_credits_spent", "Credits charged for edits.", value=now.credits_spent)
