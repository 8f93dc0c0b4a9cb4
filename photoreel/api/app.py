"""Build the FastAPI app: settings in, a running service out (migrations, workers, routes)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from photoreel import __version__
from photoreel.agent import Interpreter, RuleBasedInterpreter
from photoreel.agent.llm import LLMInterpreter
from photoreel.api import errors
from photoreel.api.metrics import Metrics
from photoreel.api.middleware import Callers, RateLimiter, RequestMiddleware, SharedRateLimiter
from photoreel.api.responses import Render
from photoreel.api.routes import (
    agent,
    auth,
    credits,
    downloads,
    edits,
    frames,
    health,
    media,
    renders,
    sessions,
    state,
    uploads,
)
from photoreel.api.routes import metrics as metrics_route
from photoreel.api.routes import webhooks as webhooks_route
from photoreel.api.slow_bodies import BodyLimits, SlowBodyGuard
from photoreel.api.static import mount_web
from photoreel.api.urls import ApiPaths
from photoreel.config import Settings
from photoreel.renders import worker as render_work
from photoreel.renders.isolated import isolated_pool
from photoreel.renders.local import LocalWorkerPool
from photoreel.service import webhooks
from photoreel.service.chat_model import OpenAIChat
from photoreel.service.context import open_app_context
from photoreel.service.janitor import Janitor
from photoreel.store.db import migrate
from photoreel.store.models import RenderJob

log = logging.getLogger("photoreel")


def choose_interpreter(settings: Settings) -> Interpreter:
    """The rules by default; a language model in front of them when one is configured."""
    rules = RuleBasedInterpreter()
    if settings.llm_url and settings.llm_model:
        model = OpenAIChat(settings.llm_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_s)
        return LLMInterpreter(model, rules)
    return rules


def choose_rate_limiter(settings: Settings) -> RateLimiter | SharedRateLimiter:
    """In memory for one server; in Redis (the fleet's broker) when API servers are several, so they share it."""
    if settings.queue == "celery":
        return SharedRateLimiter(settings.rate_limit_per_minute, settings.broker_url)
    return RateLimiter(settings.rate_limit_per_minute)


def _status_payload(app: FastAPI, job: RenderJob) -> dict[str, Any]:
    """A webhook's `data`: the job's status exactly as `GET /api/render/proxy/lambda/{id}` shows it."""
    render = Render.of(app.state.context, app, job)
    return render.model_dump(mode="json", by_alias=True, exclude={"callback"})


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.database)
    context = open_app_context(settings)
    context.interpreter = choose_interpreter(settings)
    settings.signing_key()  # create the key now, not under concurrent first requests
    workers: LocalWorkerPool | None = None
    if settings.queue == "celery":
        from photoreel.renders.celery_app import CeleryQueue

        context.queue = CeleryQueue(settings)
    else:
        context.queue = workers = isolated_pool(context, settings.render_workers)

    janitor = Janitor(context)
    sender = webhooks.Sender(context, payload=lambda job: _status_payload(app, job))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # With Celery the workers own their work (the broker redelivers what a dead one held); only the
        # in-process pool takes interrupted work back at start-up.
        requeued = render_work.recover(context, requeue=workers is not None)
        if requeued:
            log.info("re-queued %d render job(s) interrupted by a restart", requeued)
        if workers is not None:
            workers.start()
        janitor.start()
        sender.start()
        try:
            yield
        finally:
            sender.stop()
            janitor.stop()
            if workers is not None:
                workers.stop()
            context.close()

    app = FastAPI(
        title="photoreel",
        version=__version__,
        description="Self-hosted photo-to-video, with the seed's HTTP API. Every reply is {code, message, data}.",
        lifespan=lifespan,
        # One schema per model: the replies' sparse serialisers would otherwise hide their fields from OpenAPI.
        separate_input_output_schemas=False,
    )
    app.state.context = context
    context.paths = ApiPaths(app)
    app.state.workers = workers
    errors.install(app)
    app.state.metrics = metrics = Metrics(context)
    routers = (health, auth, sessions, uploads, agent, credits, state, edits, frames, renders, downloads, media)
    for module in (*routers, webhooks_route, metrics_route):
        app.include_router(module.router)
    mount_web(app)
    limits = BodyLimits(
        idle_s=settings.body_idle_s,
        min_bytes_per_s=settings.body_min_bytes_per_s,
        rate_window_s=settings.body_rate_window_s,
        uploads_per_server=settings.uploads_in_flight,
        uploads_per_caller=settings.uploads_in_flight_per_token,
    )
    callers = app.state.callers = Callers(settings.trusted_proxies)
    app.add_middleware(SlowBodyGuard, limits=limits, caller=callers)
    app.add_middleware(  # outermost
        RequestMiddleware, limiter=choose_rate_limiter(settings), callers=callers, metrics=metrics
    )
    return app
