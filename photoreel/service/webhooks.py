"""Webhooks: an export may name a callback URL, and photoreel POSTs the job's status there when it completes or
fails (and, if asked, when it starts rendering), signed so the receiver knows it came from us.

Deliveries are an outbox in the database: a sweep (`enqueue_due`) adds a row for each event a job has reached,
and `deliver_due` sends those whose time has come, each claimed by a guarded update so two API servers never
send one twice at once. A failed attempt (no answer, or not 2xx) is tried again after an exponential back-off
until `webhook_give_up_s` (a day) has passed since the event. Every address is checked as URL imports check
theirs (service/url_import.py), at submission and again at each connection.

The signature is Stripe's scheme: `Photoreel-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
keyed by the account's webhook secret (which the account can read through the API); docs/deploy.md shows how
to check it.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from photoreel import __version__
from photoreel.errors import BadRequest
from photoreel.renders.states import JobStatus
from photoreel.service.context import AppContext
from photoreel.service.url_import import check_url, pinned_transport
from photoreel.store.db import changed_rows
from photoreel.store.models import Account, RenderJob, WebhookDelivery, utcnow

log = logging.getLogger("photoreel.webhooks")

SIGNATURE_HEADER = "Photoreel-Signature"
COMPLETED, FAILED, RENDERING = "render.completed", "render.failed", "render.rendering"
_EVENT_OF = {JobStatus.COMPLETED: COMPLETED, JobStatus.FAILED: FAILED}
_LEASE_S = 60  # a claimed delivery is another server's to try again after this, should its sender die
_ATTEMPTS_SHOWN = 20  # attempts kept on a delivery row for the job's status (the first and the latest)
_TIMEOUT_S = 10.0

Payload = Callable[[RenderJob], dict[str, Any]]  # the job's status as the API shows it (made by the API layer)


def check_callback(ctx: AppContext, url: str) -> str:
    """The callback URL if photoreel may POST to it (http(s), a public host or one allowed); BadRequest otherwise."""
    url = url.strip()
    if len(url) > 2000:
        raise BadRequest("the callback URL is too long (2000 characters at most)")
    try:
        check_url(url, ctx.settings.url_allow_hosts)
        httpx.URL(url)  # what the sender will parse it as: refuse here what it would refuse later
    except BadRequest as exc:
        raise BadRequest(f"the callback URL cannot be used: {exc.message}") from None
    except (httpx.InvalidURL, ValueError) as exc:
        raise BadRequest(f"the callback URL cannot be used: {exc}") from None
    return url


def signing_secret(ctx: AppContext, account: Account) -> str:
    """The account's webhook secret: derived from the server's key, so nothing is stored and it never changes."""
    digest = hmac.new(ctx.settings.signing_key(), f"webhook:{account.id}".encode(), hashlib.sha256).hexdigest()
    return f"whsec_{digest}"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def backoff_s(ctx: AppContext, attempts: int) -> float:
    """How long after its `attempts`-th failure a delivery is tried again: doubling, at most an hour."""
    return float(min(3600.0, ctx.settings.webhook_retry_base_s * 2 ** (attempts - 1)))


@dataclass(frozen=True)
class Attempt:
    at: str
    status: int | None  # the receiver's HTTP status; None when it could not be reached
    error: str | None


@dataclass(frozen=True)
class Delivery:
    event: str
    url: str
    delivered: bool
    gave_up: bool
    next_attempt_at: str | None
    attempts: list[Attempt]


def deliveries_of(ctx: AppContext, job: RenderJob) -> list[Delivery]:
    """The job's webhook deliveries; no query for the many jobs without a callback (this runs on every poll)."""
    if job.callback_url is None:
        return []
    with ctx.read() as db:
        rows = db.scalars(select(WebhookDelivery).where(WebhookDelivery.job_id == job.id).order_by(WebhookDelivery.id))
        return [
            Delivery(
                event=row.event,
                url=row.url,
                delivered=row.delivered_at is not None,
                gave_up=row.gave_up_at is not None,
                next_attempt_at=None if row.delivered_at or row.gave_up_at else _iso(row.next_attempt_at),
                attempts=[Attempt(**a) for a in row.attempt_log],
            )
            for row in rows
        ]


def enqueue_due(ctx: AppContext) -> int:
    """Add a delivery for each event a job with a callback has reached and has none for yet; how many."""
    added = 0
    with ctx.database.begin() as db:
        # The stage first: a job that finished between two sweeps has both added, in the order they happened.
        for status, event in ((JobStatus.RENDERING, RENDERING), *_EVENT_OF.items()):
            wanted = select(RenderJob.id, RenderJob.callback_url).where(
                RenderJob.callback_url.is_not(None),
                ~exists().where(WebhookDelivery.job_id == RenderJob.id, WebhookDelivery.event == event),
            )
            if event == RENDERING:
                # Only where the stages were asked for; a job past `rendering` already has its final event.
                wanted = wanted.where(RenderJob.callback_stages.is_(True), RenderJob.started_at.is_not(None))
            else:
                wanted = wanted.where(RenderJob.status == status)
            for job_id, url in db.execute(wanted.limit(500)).all():
                _add(db, job_id, event, url)
                added += 1
    return added


def _add(db: Session, job_id: str, event: str, url: str) -> None:
    # Under a unique (job, event) constraint: a second server adding the same one fails its insert alone.
    with db.begin_nested() as nested:
        db.add(WebhookDelivery(job_id=job_id, event=event, url=url, next_attempt_at=utcnow(), attempt_log=[]))
        try:
            db.flush()
        except Exception:  # the other server's row is there: nothing to add
            nested.rollback()


def deliver_due(ctx: AppContext, payload: Payload, now: datetime | None = None) -> int:
    """Send every delivery whose time has come; how many were sent successfully."""
    now = now or utcnow()
    with ctx.read() as db:
        due = list(
            db.scalars(
                select(WebhookDelivery.id)
                .where(
                    WebhookDelivery.delivered_at.is_(None),
                    WebhookDelivery.gave_up_at.is_(None),
                    WebhookDelivery.next_attempt_at <= now,
                )
                .order_by(WebhookDelivery.next_attempt_at)
                .limit(100)
            )
        )
    sent = 0
    for delivery_id in due:
        try:
            sent += _deliver(ctx, delivery_id, payload)
        except Exception:  # one bad row must not hold up the others; its lease runs out and it is tried again
            log.exception("webhook delivery %s failed unexpectedly", delivery_id)
    return sent


def _deliver(ctx: AppContext, delivery_id: int, payload: Payload) -> bool:
    now = utcnow()
    with ctx.database.begin() as db:
        claimed = changed_rows(
            db,
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id == delivery_id,
                WebhookDelivery.delivered_at.is_(None),
                WebhookDelivery.gave_up_at.is_(None),
                WebhookDelivery.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + timedelta(seconds=_LEASE_S))
            .execution_options(synchronize_session=False),
        )
        if not claimed:
            return False  # another server has it
        delivery = db.get(WebhookDelivery, delivery_id)
        assert delivery is not None
        job = db.get(RenderJob, delivery.job_id)
        account = db.get(Account, job.account_id) if job is not None else None
    if job is None or account is None:
        return False
    body = json.dumps(
        {"type": delivery.event, "created": calendar.timegm(delivery.created_at.timetuple()), "data": payload(job)}
    ).encode()
    status, error = _post(ctx, delivery.url, body, signing_secret(ctx, account))
    ok = status is not None and 200 <= status < 300
    attempt = {"at": _iso(utcnow()), "status": status, "error": error}
    with ctx.database.begin() as db:
        row = db.get(WebhookDelivery, delivery_id)
        assert row is not None
        log_ = [*row.attempt_log, attempt]
        row.attempt_log = log_[:1] + log_[1:][-(_ATTEMPTS_SHOWN - 1) :] if len(log_) > _ATTEMPTS_SHOWN else log_
        row.attempts = row.attempts + 1
        if ok:
            row.delivered_at = utcnow()
        elif (utcnow() - row.created_at).total_seconds() >= ctx.settings.webhook_give_up_s:
            row.gave_up_at = utcnow()
            log.warning("webhook %s for %s: gave up after %d attempts", row.event, row.job_id, row.attempts)
        else:
            row.next_attempt_at = utcnow() + timedelta(seconds=backoff_s(ctx, row.attempts))
    return ok


def _post(ctx: AppContext, url: str, body: bytes, secret: str) -> tuple[int | None, str | None]:
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"photoreel/{__version__} (webhook)",
        SIGNATURE_HEADER: signature(secret, int(time.time()), body),
    }
    try:
        check_url(url, ctx.settings.url_allow_hosts)  # again: where a name points may have changed since
        transport = pinned_transport(ctx.settings.url_allow_hosts)
        # Only the status is read: a receiver's body, however large or slow, is none of our business.
        with (
            httpx.Client(transport=transport, timeout=_TIMEOUT_S, follow_redirects=False) as client,
            client.stream("POST", url, content=body, headers=headers) as response,
        ):
            status = response.status_code
    except BadRequest as exc:
        return None, exc.message
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:300]
    return status, None if 200 <= status < 300 else f"answered {status}"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds") + "Z"


class Sender:
    """Sends webhooks from a background thread of each API server, every `webhook_poll_s`: any server may send
    any delivery (each is claimed before it is sent), so a fleet needs nothing more."""

    def __init__(self, ctx: AppContext, payload: Payload) -> None:
        self.ctx = ctx
        self.payload = payload
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="photoreel-webhooks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(_TIMEOUT_S + 5)

    def _loop(self) -> None:
        while not self._stop.wait(self.ctx.settings.webhook_poll_s):
            try:
                enqueue_due(self.ctx)
                deliver_due(self.ctx, self.payload)
            except Exception:
                log.exception("sending webhooks failed; trying again shortly")
