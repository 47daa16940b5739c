"""Run every benchmark module in ``bench/`` and print one line per result."""

from __future__ import annotations

import importlib
import pkgutil

import bench


def main() -> None:
    for mod in sorted(m.name for m in pkgutil.iter_modules(bench.__path__)):
        if mod.startswith("bench_"):
            module = importlib.import_module(f"bench.{mod}")
            module.main()


if __name__ == "__main__":
    main()
