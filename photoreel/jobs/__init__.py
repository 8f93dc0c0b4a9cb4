"""The render queue's workers: an in-process pool by default."""
