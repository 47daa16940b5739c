from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "julu-2024-zhengfawei.txt"
CORPUS = SHARED / "corpus"


@pytest.fixture
def shared_seed() -> Path:
    """The real model document; skipped where ../shared is absent (a user's clone)."""
    if not SEED.exists():
        pytest.skip("../shared/seed 不存在（仅开发机与 CI 提供）")
    return SEED


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus 不存在（仅开发机与 CI 提供）")
    return CORPUS
