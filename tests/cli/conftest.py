"""Fixtures of the command tests."""

from __future__ import annotations

import pytest

from tests.support.cli import GOOD


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD.format(day="Saturday"), encoding="utf-8")
    return path
