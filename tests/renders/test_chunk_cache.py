"""The service's chunk cache, through the API: a re-export renders only the chunks whose pictures changed, the
same photos in another account's session find the same chunks, and the janitor evicts by last use and size
but never a chunk an unfinished export counts on."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
from PIL import Image
from sqlalchemy import select

from photoreel.renders import chunk_cache
from photoreel.service.janitor import trim_chunk_cache
from photoreel.store.models import CachedChunk, RenderChunk, RenderJob
from tests.api_fixtures import Api, assert_envelope
from tests.helpers import facts

CHUNK_S = 2.0


def _photos(folder: Path, count: int) -> list[Path]:
    """Photos with detail, each its own, so no two chunks are the same scene by chance."""
    paths = []
    for i in range(count):
        rng = np.random.default_rng(i)
        pixels = rng.integers(0, 255, (240, 320, 3), dtype=np.uint8)
        path = folder / f"photo-{i}.jpg"
        Image.fromarray(pixels).save(path, quality=90)
        paths.append(path)
    return paths


def _chunks(api: Api, render_id: str) -> list[RenderChunk]:
    with api.client.app.state.context.database() as db:  # type: ignore[attr-defined]
        job = db.scalar(select(RenderJob).where(RenderJob.client_ref == render_id))
        assert job is not None
        return list(db.scalars(select(RenderChunk).where(RenderChunk.job_id == job.id).order_by(RenderChunk.index)))


def _rendered(chunks: list[RenderChunk]) -> int:
    """Chunks a worker rendered (a chunk found in the cache is done at planning, never claimed)."""
    return sum(c.worker is not None for c in chunks)


def _export(api: Api, render_id: str, folder: Path) -> Path:
    assert_envelope(api.export(render_id, resolution=360), 200, 0)
    done = api.wait_completed(render_id, timeout=120)
    return api.download(done, folder / f"{render_id}.mp4")


def test_a_re_export_renders_only_the_chunks_that_changed(make_client, tmp_path):
    api = Api(make_client(chunk_s=CHUNK_S)).login()
    api.new_session()
    assert_envelope(api.upload(*_photos(tmp_path, 6)), 200, 0)  # 6 photos x 3 s
    api.say('add the title "Summer"')
    first = _export(api, "render_first", tmp_path)
    planned = _chunks(api, "render_first")
    assert len(planned) >= 5 and _rendered(planned) == len(planned), "the first export renders every chunk"

    api.say('change the title to "Winter"')
    again = _export(api, "render_again", tmp_path)
    chunks = _chunks(api, "render_again")
    assert 1 <= _rendered(chunks) <= 2, "only the chunks under the title are rendered again"
    assert [c.identity for c in chunks][2:] == [c.identity for c in planned][2:]
    f, g = facts(first), facts(again)
    assert (g.width, g.height, g.frames, g.codec) == (f.width, f.height, f.frames, "h264")

    api.say("add calm music")
    with_music = _export(api, "render_music", tmp_path)
    assert _rendered(_chunks(api, "render_music")) == 0, "the soundtrack is made at the join: no chunk renders"
    assert facts(with_music).audio_codec == "aac" and facts(again).audio_codec is None

    api.say("make it 9:16")
    _export(api, "render_portrait", tmp_path)
    portrait = _chunks(api, "render_portrait")
    assert _rendered(portrait) == len(portrait), "another frame size re-renders everything"


def test_another_account_with_the_same_photos_finds_the_same_chunks(make_client, tmp_path):
    client = make_client(chunk_s=CHUNK_S)
    photos = _photos(tmp_path, 4)
    first = Api.started(client)
    assert_envelope(first.upload(*photos), 200, 0)
    _export(first, "render_mine", tmp_path)

    other = Api.started(client)
    assert_envelope(other.upload(*photos), 200, 0)
    _export(other, "render_theirs", tmp_path)
    assert _rendered(_chunks(other, "render_theirs")) == 0


def test_the_janitor_evicts_least_recently_used_chunks_over_the_cap_but_not_ones_in_use(make_client, tmp_path):
    client = make_client(chunk_s=CHUNK_S, chunk_cache_mb=0)
    ctx = client.app.state.context
    api = Api.started(client)
    assert_envelope(api.upload(*_photos(tmp_path, 4)), 200, 0)
    # With no cache, chunks live under their job and go once joined.
    _export(api, "render_uncached", tmp_path)
    assert all(c.identity is None for c in _chunks(api, "render_uncached"))
    assert not list((ctx.settings.data_dir / "chunks").rglob("*.mp4"))

    ctx.settings.chunk_cache_mb = 1  # about a tenth of what the chunks below take
    _export(api, "render_cached", tmp_path)
    identities = [c.identity for c in _chunks(api, "render_cached")]
    with ctx.database() as db:
        sizes = {row.identity: row.size_bytes for row in db.scalars(select(CachedChunk))}
    assert set(sizes) == set(identities)
    assert sum(sizes.values()) > 1024 * 1024, "the test's chunks must exceed the 1 MB cap"

    # While an export that counts on them is unfinished, none goes, over the cap or not.
    with ctx.database.begin() as db:
        job = db.scalar(select(RenderJob).where(RenderJob.client_ref == "render_cached"))
        job.status = "rendering"
    assert trim_chunk_cache(ctx) == 0
    with ctx.database.begin() as db:
        job = db.scalar(select(RenderJob).where(RenderJob.client_ref == "render_cached"))
        job.status = "completed"
        # The last chunk used most recently, the first least.
        for row in db.scalars(select(CachedChunk)):
            row.last_used_at = row.last_used_at.replace(microsecond=0) + timedelta(
                seconds=identities.index(row.identity)
            )
    evicted = trim_chunk_cache(ctx)
    with ctx.database() as db:
        left = set(db.scalars(select(CachedChunk.identity)))
    assert evicted == len(identities) - len(left) >= 1
    assert sum(sizes[i] for i in left) <= 1024 * 1024, "what is left fits in the cap"
    assert left == set(identities[len(identities) - len(left) :]), "the least recently used go first"
    for identity in identities:
        assert ctx.blobs.exists(chunk_cache.cache_key(identity)) == (identity in left), "files go with their rows"
