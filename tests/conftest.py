from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# ../shared sits beside the checkout on developer machines and in CI; JIXIAO_SHARED
# points elsewhere (e.g. from a git worktree).
SHARED = Path(os.environ.get("JIXIAO_SHARED", REPO.parent / "shared"))
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
