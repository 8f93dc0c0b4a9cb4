"""The command line: `photoreel make`, `photoreel demo`."""
