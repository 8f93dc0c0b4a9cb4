"""The interpreter against a table of real instructions (English and Chinese) and the edits they should give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from photoreel.agent import Command, Edit, RuleBasedInterpreter, View
from photoreel.timeline import AudioSegment, MediaRef, TextSegment, Timeline, apply, ops

CORPUS = json.loads((Path(__file__).parent / "corpus.json").read_text(encoding="utf-8"))


def context(kind: str | None) -> Timeline:
    tl = Timeline()
    for i in range(1, 6):
        ref = MediaRef(f"p{i}", "image", f"IMG_{i}.jpg", 4000, 3000, taken_at=f"2024-07-0{i}T10:00:00")
        tl = apply(tl, ops.AddMedia(ref))
    tl = apply(tl, ops.AddPhotos(tuple(f"p{i}" for i in range(1, 6))))
    tl = apply(tl, ops.AddMedia(MediaRef("song", "audio", "lofi.mp3", duration_ms=60_000, has_audio=True)))
    if kind == "music":
        tl = apply(tl, ops.SetMusic(AudioSegment("song", volume=0.8)))
    if kind == "title":
        tl = apply(tl, ops.AddText(TextSegment("Hello", 0, 3000)))
    return tl


def flatten(step: Edit | Command) -> tuple[str, dict[str, Any]]:
    if isinstance(step, Command):
        return "command", {"name": step.name}
    args = step.op.arguments()
    nested = {k: v for value in args.values() if isinstance(value, dict) for k, v in value.items()}
    return step.op.op_name, {**args, **nested}


def test_corpus_is_big_and_bilingual():
    chinese = [e for e in CORPUS if any("\u4e00" <= ch <= "\u9fff" for ch in e["say"])]
    assert len(CORPUS) >= 80 and len(chinese) >= 40


@pytest.mark.parametrize("entry", CORPUS, ids=[e["say"] for e in CORPUS])
def test_instruction_gives_expected_edits(entry):
    plan = RuleBasedInterpreter().interpret(entry["say"], View(context(entry.get("context"))))
    got = [flatten(step) for step in plan.steps]
    expected = entry["expect"]
    assert len(got) == len(expected), f"{entry['say']!r} -> {got} (not understood: {plan.not_understood})"
    for (name, args), (want_name, want) in zip(got, expected, strict=True):
        if want_name == "command":
            assert (name, args["name"]) == ("command", want), got
            continue
        assert name == want_name, got
        for key, value in want.items():
            assert args.get(key) == value, f"{entry['say']!r}: {name}.{key} = {args.get(key)!r}, wanted {value!r}"
    if not expected:
        assert plan.not_understood, "something it cannot map is reported as not understood"
