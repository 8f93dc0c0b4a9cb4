"""The HTTP edge: the seed-compatible API on FastAPI. Routes parse, call one service function, wrap."""
