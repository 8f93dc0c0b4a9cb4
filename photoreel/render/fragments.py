"""A finished chunk as a fragmented MP4, the form Media Source Extensions take: so a browser can play an export's
leading chunks while the later ones still render. The packets are copied, not re-encoded."""

from __future__ import annotations

from pathlib import Path

import av

from photoreel.errors import RenderError
from photoreel.render.output_file import written_atomically

# An initialisation segment (moov without samples) and a fragment from each key frame on: what MSE appends.
_FRAGMENTED = {"movflags": "empty_moov+default_base_moof+frag_keyframe"}


def fragmented_mp4(chunk: Path, output: Path) -> Path:
    """Copy the chunk's video into `output` as a fragmented MP4 starting at 0 (a player places it by the
    chunk's start time, e.g. MSE's `timestampOffset`)."""
    with written_atomically(output, f"writing {output.name}") as partial, av.open(str(chunk)) as source:
        stream = source.streams.video[0]
        with av.open(str(partial), "w", format="mp4", options=_FRAGMENTED) as out:
            video = out.add_stream_from_template(stream)
            for packet in source.demux(stream):
                if packet.size == 0:  # the demuxer's end-of-stream marker
                    continue
                packet.stream = video
                out.mux(packet)
    return output


def mime_type(chunk: Path) -> str:
    """The chunk's MIME type with its codec, as `MediaSource.isTypeSupported` asks: `video/mp4; codecs="avc1.PPCCLL"`
    read off the H.264 configuration record (profile, constraints, level)."""
    with av.open(str(chunk)) as source:
        record = bytes(source.streams.video[0].codec_context.extradata or b"")
    if len(record) < 4 or record[0] != 1:
        raise RenderError(f"{chunk.name} carries no H.264 configuration record")
    return f'video/mp4; codecs="avc1.{record[1]:02X}{record[2]:02X}{record[3]:02X}"'
