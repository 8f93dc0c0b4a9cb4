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
from photoreel.api.middleware import RateLimiter, RequestMiddleware, SharedRateLimiter
from photoreel.api.routes import agent, auth, credits, downloads, health, media, renders, sessions, state, uploads
from photoreel.api.static import mount_web
from photoreel.config import Settings
from photoreel.jobs import isolated
from photoreel.jobs import worker as render_work
from photoreel.jobs.local import LocalWorkerPool
from photoreel.jobs.queue import WorkItem
from photoreel.service.context import AppContext, open_app_context
from photoreel.service.janitor import Janitor
from photoreel.store.db import migrate

log = logging.getLogger("photoreel")


def choose_interpreter(settings: Settings) -> Interpreter:
    """The rules by default; a language model in front of them when one is configured."""
    rules = RuleBasedInterpreter()
    if settings.llm_url and settings.llm_model:
        return LLMInterpreter(settings.llm_url, settings.llm_model, rules, settings.llm_api_key, settings.llm_timeout_s)
    return rules


def choose_rate_limiter(settings: Settings) -> RateLimiter | SharedRateLimiter:
    """In memory for one server; in Redis (the fleet's broker) when API servers are several, so they share it."""
    if settings.queue == "celery":
        return SharedRateLimiter(settings.rate_limit_per_minute, settings.broker_url)
    return RateLimiter(settings.rate_limit_per_minute)


def _run_isolated(context: AppContext, pool: LocalWorkerPool, item: WorkItem) -> None:
    """Run one piece of render work in a child process and deal with how it ended."""
    outcome = isolated.run_in_child(
        context.settings, item, render_work.local_worker_name(), context.settings.render_time_limit_s
    )
    for kind, item_id in outcome.submitted:
        pool.submit(kind, item_id)
    if outcome.timed_out:
        render_work.stopped(context, item, render_work.time_limit_message(context))
    elif not outcome.finished:
        render_work.lost(context, item, f"its process ended with code {outcome.exitcode}")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.database)
    context = open_app_context(settings)
    context.interpreter = choose_interpreter(settings)
    settings.signing_key()  # create the key now, not under concurrent first requests
    workers: LocalWorkerPool | None = None
    if settings.queue == "celery":
        from photoreel.jobs.celery_app import CeleryQueue

        context.queue = CeleryQueue(settings)
    else:
        pool = LocalWorkerPool(
            poll=lambda: render_work.next_work(context),
            run=lambda item: _run_isolated(context, pool, item),  # `pool` is bound by the time work runs
            size=settings.render_workers,
        )
        context.queue = workers = pool

    janitor = Janitor(context)

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
        try:
            yield
        finally:
            janitor.stop()
            if workers is not None:
                workers.stop()
            context.close()

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
    app.add_middleware(RequestMiddleware, limiter=choose_rate_limiter(settings))
    return app
