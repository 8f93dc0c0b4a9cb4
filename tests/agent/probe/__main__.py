"""Plays the probe conversations (`conversations.json`: 200 written like the corpus by a helper who never read the
rules) and prints the score, with `-v` every miss. Every case was looked at while building, so this is a tuning
aid, not a held-out score: `python -m tests.agent.probe [-v]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.agent.conversation import play


def main() -> None:
    cases = json.loads((Path(__file__).parent / "conversations.json").read_text(encoding="utf-8"))
    missed = 0
    for case in cases:
        misses = play(case)
        if misses:
            missed += 1
            if "-v" in sys.argv:
                said = " / ".join([*case.get("before", []), case["say"]])
                print(f"{said} {case.get('context') or []}: {'; '.join(misses)}")
    print(f"probe: {len(cases) - missed}/{len(cases)} = {100 * (len(cases) - missed) / len(cases):.1f}%")


if __name__ == "__main__":
    main()
