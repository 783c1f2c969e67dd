"""The storage tests run against SQLite and PostgreSQL through the ``db_url`` and ``store``
fixtures of ``tests/conftest.py``.

PostgreSQL: ``QUIZAPP_TEST_PG`` (default the local test server). Each test gets a fresh
schema, selected with ``search_path`` in the URL, and dropped afterwards, so runs never
interfere. An unreachable server skips the PostgreSQL cases, except with ``CI=true``, where
it fails.
"""
