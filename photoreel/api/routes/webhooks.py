from __future__ import annotations

from fastapi import APIRouter

from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.responses import Envelope, WebhookSecret, ok
from photoreel.service import webhooks

router = APIRouter(prefix="/api/webhooks", tags=["webhooks"])


@router.get("/secret")
def webhook_secret(account: CurrentAccount, ctx: Context) -> Envelope[WebhookSecret]:
    """The secret this account's webhooks are signed with: check `Photoreel-Signature` against it (docs/deploy.md)."""
    return ok(WebhookSecret(secret=webhooks.signing_secret(ctx, account)))
