"""Base models: every row gets an opaque, time-ordered, prefixed id (see backend.core.ids)."""
from __future__ import annotations

from typing import Any, ClassVar

from tortoise import fields
from tortoise.models import Model, ModelMeta

from backend.core.ids import new_id


class EntityMeta(ModelMeta):
    """Keeps docstrings out of the database: tortoise would emit them as table comments, and quotes in them break SQLite DDL."""

    def __new__(mcs, name, bases, attrs):  # noqa: N804
        cls = super().__new__(mcs, name, bases, attrs)
        cls._meta.table_description = ""
        return cls


class Entity(Model, metaclass=EntityMeta):
    id_prefix: ClassVar[str] = "obj"
    id = fields.CharField(max_length=40, primary_key=True)

    class Meta:
        abstract = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not self.id:
            self.id = new_id(self.id_prefix)
