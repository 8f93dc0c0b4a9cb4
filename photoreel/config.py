"""Every setting in one typed place. `PHOTOREEL_*` environment variables or CLI flags; the defaults make
`photoreel serve` work with nothing set (SQLite file, local media folder, in-process render workers)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from photoreel.media.limits import CLIP_MAX_S, MAX_FILE_BYTES, MAX_IMAGE_PIXELS, MAX_VIDEO_PIXELS


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PHOTOREEL_", extra="ignore")

    host: str = Field("127.0.0.1", description="Address the HTTP server listens on.")
    port: int = Field(8000, description="Port the HTTP server listens on.")
    data_dir: Path = Field(Path("photoreel-data"), description="Folder for the SQLite file, media and renders.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; default: a SQLite file in the data folder. PostgreSQL works unchanged."
    )
    public_url: str | None = Field(
        None, description="Base URL clients reach this server at (for absolute download links); default: relative."
    )
    secret_key: str | None = Field(
        None, description="Key that signs download links; default: one generated once and kept in the data folder."
    )

    render_workers: int = Field(1, ge=1, le=64, description="Renders run at once in this process (1 suits 2 cores).")
    queue: Literal["local", "celery"] = Field(
        "local", description="Render queue: `local` (threads in the API process) or `celery` (`photoreel worker`s)."
    )
    broker_url: str = Field("redis://127.0.0.1:6379/0", description="Celery broker for `queue=celery` (Redis).")
    chunk_s: float = Field(
        10.0,
        gt=0,
        description="MP4/MOV/MKV exports render as chunks of about this many seconds: rendered apart (in parallel on "
        "a fleet) and kept, so the next export renders only the chunks whose pictures changed.",
    )
    chunk_cache_mb: int = Field(
        20480,
        ge=0,
        description="Most megabytes of rendered chunks kept for re-exports (least recently used go first); 0 keeps "
        "none, and each export renders every frame.",
    )
    render_memory_mb: int = Field(
        6144,
        ge=0,
        description="Address space one render process may use (RLIMIT_AS), in MB; over it the render fails, saying "
        "so, and nothing else is harmed. 0: no limit.",
    )
    render_time_limit_s: int = Field(
        3600, ge=1, description="Longest a render task (a whole video, a chunk or a join) may run before it is killed."
    )
    broker_visibility_timeout_s: int | None = Field(
        None,
        ge=1,
        description="Seconds before Redis hands an unacknowledged task to another worker; default: time limit + 5 min.",
    )
    worker_concurrency: int = Field(1, ge=1, le=64, description="Renders one `photoreel worker` runs at once.")

    storage: Literal["local", "s3"] = Field("local", description="Where media and renders live: `local` or `s3`.")
    s3_bucket: str | None = Field(None, description="Bucket for `storage=s3`.")
    s3_prefix: str = Field("", description="Key prefix inside the bucket (e.g. `photoreel/`).")
    s3_endpoint_url: str | None = Field(None, description="S3-compatible endpoint (MinIO, Ceph…); default: AWS.")
    s3_region: str | None = Field(None, description="Bucket region.")
    s3_access_key_id: str | None = Field(None, description="Access key; default: boto3's usual credential chain.")
    s3_secret_access_key: str | None = Field(None, description="Secret key; default: boto3's usual credential chain.")
    s3_presign_downloads: bool = Field(
        False, description="Redirect downloads to presigned bucket URLs instead of streaming them through the API."
    )
    cache_bytes: int = Field(2 * 1024**3, ge=0, description="Local disk kept for cached copies of S3 blobs.")
    free_credits: int = Field(100, ge=0, description="Credits each new anonymous token starts with.")
    token_ttl_s: int = Field(7 * 24 * 3600, ge=1, description="Seconds an anonymous token stays valid (7 days).")
    instruction_cost: int = Field(1, ge=0, description="Credits one instruction turn costs.")
    topup_url: str = Field(
        "https://photoreel.example/register", description="Where people get more credits; shown with code 2001."
    )

    max_upload_bytes: int = Field(MAX_FILE_BYTES, ge=1, description="Largest single file accepted (4002 above).")
    max_image_pixels: int = Field(
        MAX_IMAGE_PIXELS, ge=1, description="Largest photo in pixels (width x height), judged from its header (4002)."
    )
    max_video_pixels: int = Field(
        MAX_VIDEO_PIXELS, ge=1, description="Largest video frame in pixels, judged from the stream's header (4002)."
    )
    max_clip_s: float = Field(
        CLIP_MAX_S, gt=0, description="Seconds of an uploaded clip placed on the timeline (a longer one is trimmed)."
    )
    max_request_bytes: int = Field(
        2 * 1024**3, ge=1, description="Largest upload request in all; the connection is cut off beyond it."
    )
    max_files_per_request: int = Field(50, ge=1, description="Files (or URLs) accepted in one upload request.")
    body_idle_s: float = Field(
        30.0, gt=0, description="Seconds a request body may pause before it is cut off with 408 (slowloris)."
    )
    body_min_bytes_per_s: float = Field(
        1024.0, ge=0, description="Slowest a request body may arrive, once it has had body_rate_window_s (408)."
    )
    body_rate_window_s: float = Field(30.0, gt=0, description="Seconds a body has before its rate is judged.")
    uploads_in_flight: int = Field(32, ge=1, description="Uploads one server receives at once (429 beyond).")
    uploads_in_flight_per_token: int = Field(4, ge=1, description="Uploads one caller sends at once (429 beyond).")
    url_timeout_s: float = Field(20.0, gt=0, description="Seconds a URL import may take, end to end.")
    url_allow_hosts: list[str] = Field(
        default_factory=list,
        description="Hosts or IPs that URL imports may reach even though they are private or loopback.",
    )

    rate_limit_per_minute: int = Field(600, ge=1, description="Requests one token may make per minute (429 above).")
    tokens_per_address_per_hour: int = Field(
        20, ge=1, description="New anonymous accounts one client address may open per hour (429 above)."
    )
    webhook_poll_s: float = Field(2.0, gt=0, description="Seconds between an API server's looks for webhooks to send.")
    webhook_retry_base_s: float = Field(
        30.0, gt=0, description="Seconds before a failed webhook is tried again; doubled each time (1 h at most)."
    )
    webhook_give_up_s: float = Field(
        86400.0, gt=0, description="A webhook still failing this many seconds after its event is given up."
    )
    storage_quota_mb: int = Field(
        2048, ge=1, description="Megabytes of uploads and finished videos one account may keep (402 beyond)."
    )
    metrics_token: str | None = Field(
        None, description="When set, /metrics answers only `Authorization: Bearer <this>` (set it on a public server)."
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses or networks of reverse proxies whose X-Forwarded-For is believed (else it is ignored).",
    )
    exports_per_day: int = Field(200, ge=0, description="Exports an anonymous token may start per day (402 above).")
    exports_in_flight: int = Field(
        2, ge=1, description="Exports one account may have queued or rendering at once (402 beyond: one waits)."
    )
    export_budget_megapixel_frames: float = Field(
        600 * 30 * 1920 * 1080 / 1e6,
        gt=0,
        description="Largest export in megapixel-frames (frame pixels x fps x seconds / 1e6; default: ten "
        "minutes of 1080p30). 402 above it.",
    )
    max_export_resolution: int = Field(1080, description="Largest output short side for anonymous tokens (402 above).")
    retention_days: float = Field(
        30.0, ge=0, description="Days after a token expires before its sessions, media and videos are deleted."
    )
    janitor_interval_s: float = Field(3600.0, gt=0, description="Seconds between retention sweeps in each API server.")
    link_hours: int = Field(24, ge=1, description="Hours a signed download link stays valid.")

    sse_heartbeat_s: float = Field(15.0, gt=0, description="Seconds between SSE heartbeat comments while work runs.")
    max_message_chars: int = Field(4000, ge=1, description="Longest instruction accepted (400 above).")
    max_texts: int = Field(100, ge=1, description="Titles and captions one session may hold (400 above).")
    max_segments: int = Field(500, ge=1, description="Photos and clips one session's video may hold (400 above).")
    max_draft_bytes: int = Field(512 * 1024, ge=1024, description="Largest draft (the timeline as JSON) kept.")
    max_history_bytes: int = Field(
        4 * 1024**2, ge=1024, description="Undo and redo steps kept per session, in bytes of drafts (oldest go)."
    )
    llm_url: str | None = Field(
        None,
        description="OpenAI-compatible base URL (…/v1) for the optional language-model interpreter; off when unset.",
    )
    llm_model: str | None = Field(None, description="Model name for the language-model interpreter.")
    llm_api_key: str | None = Field(None, description="Bearer key for the language-model endpoint, if it needs one.")
    llm_timeout_s: float = Field(20.0, gt=0, description="Seconds to wait for the language model before falling back.")

    @cached_property
    def database(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'photoreel.db').resolve()}"

    @property
    def visibility_timeout_s(self) -> int:
        return self.broker_visibility_timeout_s or self.render_time_limit_s + 300

    def signing_key(self) -> bytes:
        if self.secret_key:
            return self.secret_key.encode()
        path = self.data_dir / "secret.key"
        if not path.exists():
            import os
            import secrets

            self.data_dir.mkdir(parents=True, exist_ok=True)
            try:  # created 0600, never readable by others even for a moment; the first of two racers writes it
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w") as f:
                    f.write(secrets.token_hex(32))
        return path.read_text().strip().encode()
