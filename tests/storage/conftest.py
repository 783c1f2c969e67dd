"""The storage tests run against SQLite and PostgreSQL through the ``db_url`` and ``store``
fixtures of ``tests/conftest.py``.

PostgreSQL: ``QUIZAPP_TEST_PG`` (default the local test server). Each test gets a fresh
schema, selected with ``search_path`` in the URL, and dropped afterwards, so runs never
interfere. An unreachable server skips the PostgreSQL cases, except with ``CI=true``, where
it fails.
"""

import pytest

from quizapp import i18n


@pytest.fixture(autouse=True)
def english_messages():
    """The storage tests read the store's messages in English."""
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)
