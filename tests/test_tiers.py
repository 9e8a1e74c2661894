"""The test tiers (`tests/conftest.py`): every test named in FULL_TIER_TESTS exists, so a renamed or moved test does
not silently fall back into the fast tier (one moved to tests/test_eval_gate.py did)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FULL_TIER_TESTS


@pytest.mark.parametrize("entry", sorted(FULL_TIER_TESTS))
def test_every_full_tier_entry_names_an_existing_test(entry: str) -> None:
    module, name = entry.split("::")
    source = Path(__file__).parent / module
    assert source.is_file(), f"{entry}: no {module}"
    assert re.search(rf"^def {re.escape(name)}\(", source.read_text(encoding="utf-8"), re.MULTILINE), entry
