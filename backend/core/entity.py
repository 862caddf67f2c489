"""Base models: every row gets an opaque, time-ordered, prefixed id (see backend.core.ids)."""
from __future__ import annotations

from typing import Any, ClassVar

from tortoise import fields
from tortoise.models import Model

from backend.core.ids import new_id


class Entity(Model):
    id_prefix: ClassVar[str] = "obj"
    id = fields.CharField(max_length=40, primary_key=True)

    class Meta:
        abstract = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not self.id:
            self.id = new_id(self.id_prefix)
