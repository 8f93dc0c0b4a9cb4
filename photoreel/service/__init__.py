"""Use cases: what a person asks photoreel to do, combining media, timeline and render."""
