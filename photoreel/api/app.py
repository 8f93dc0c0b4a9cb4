"""Build the FastAPI app: settings in, a running service out (migrations, workers, routes)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from photoreel import __version__
from photoreel.agent import Interpreter, RuleBasedInterpreter
from photoreel.agent.llm import LLMInterpreter
from photoreel.api import errors
from photoreel.api.middleware import RateLimiter, RequestMiddleware
from photoreel.api.routes import agent, auth, credits, downloads, health, media, renders, sessions, state, uploads
from photoreel.api.static import mount_web
from photoreel.config import Settings
from photoreel.jobs.local import LocalWorkerPool
from photoreel.service import renders as render_service
from photoreel.service.context import AppContext
from photoreel.store.blobs import LocalBlobs
from photoreel.store.db import make_engine, migrate, session_factory

log = logging.getLogger("photoreel")


def choose_interpreter(settings: Settings) -> Interpreter:
    """The rules by default; a language model in front of them when one is configured."""
    rules = RuleBasedInterpreter()
    if settings.llm_url and settings.llm_model:
        return LLMInterpreter(settings.llm_url, settings.llm_model, rules, settings.llm_api_key, settings.llm_timeout_s)
    return rules


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.database)
    engine = make_engine(settings.database)
    context = AppContext(
        settings=settings,
        sessions=session_factory(engine),
        blobs=LocalBlobs(settings.data_dir),
        interpreter=choose_interpreter(settings),
    )
    settings.signing_key()  # create the key now, not under concurrent first requests
    workers = LocalWorkerPool(
        claim=lambda: render_service.claim(context),
        run=lambda job_id: render_service.run(context, job_id),
        size=settings.render_workers,
    )
    context.job_queued = workers.wake

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        requeued = render_service.recover(context)
        if requeued:
            log.info("re-queued %d render job(s) interrupted by a restart", requeued)
        workers.start()
        try:
            yield
        finally:
            workers.stop()
            engine.dispose()

    app = FastAPI(
        title="photoreel",
        version=__version__,
        description="Self-hosted photo-to-video, with the seed's HTTP API. Every reply is {code, message, data}.",
        lifespan=lifespan,
    )
    app.state.context = context
    app.state.workers = workers
    errors.install(app)
    for module in (health, auth, sessions, uploads, agent, credits, state, renders, downloads, media):
        app.include_router(module.router)
    mount_web(app)
    app.add_middleware(RequestMiddleware, limiter=RateLimiter(settings.rate_limit_per_minute))
    return app
