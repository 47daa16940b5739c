"""Rows that are records: created once, never changed or deleted (docs/architecture.md)."""

from __future__ import annotations

from typing import Any

from django.db import models

__all__ = ["AppendOnly"]


class AppendOnly(models.Model):
    """Saving an existing row or deleting one raises: a record is never rewritten."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError(f"{self._meta.verbose_name}是记录，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError(f"{self._meta.verbose_name}是记录，不能删除")
