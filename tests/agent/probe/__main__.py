"""Plays the probe conversations and prints the score, with `-v` every miss: `python -m tests.agent.probe [-v]
[second]`. Each set is 200 cases written like the corpus by a helper who never read the rules: `conversations.json`
(the default) and `second.json`. Its misses are looked at once its first score is written down, so a set is a
tuning aid after that, not a held-out score (that is the corpus's held-out fifth)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.agent.conversation import play


def main() -> None:
    name = next((a for a in sys.argv[1:] if not a.startswith("-")), "conversations")
    cases = json.loads((Path(__file__).parent / f"{name}.json").read_text(encoding="utf-8"))
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
