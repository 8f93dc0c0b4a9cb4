"""`python -m photoreel` is the `photoreel` command."""

from photoreel.cli.main import app

app()
