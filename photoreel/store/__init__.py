"""Persistence: SQLAlchemy models and guarded state changes (SQLite default, PostgreSQL at scale), and files."""
