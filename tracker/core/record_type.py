"""`@record_type`: a small immutable record class that costs nothing to import.

`supple status` must start in a few milliseconds, and the usual tools for record classes are
the slowest imports it would have: `dataclasses` (it loads inspect and ast) and `typing`
(for NamedTuple) each take longer than the rest of what status does. A class written as for
a frozen dataclass,

    @record_type
    class Slot:
        day: date
        time: str = "18:00"

        def label(self) -> str: ...

becomes, at run time, a `collections.namedtuple` subclass with those fields (in that order,
with those defaults) and those methods: immutable, compared and printed by its fields.
Type checkers see a frozen dataclass (PEP 681 `dataclass_transform`). Methods must not use
`super()` (the class they are defined in is replaced).
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False  # not from typing: this module exists to avoid importing it
if TYPE_CHECKING:
    from typing import TypeVar

    from typing_extensions import dataclass_transform

    T = TypeVar("T")

    @dataclass_transform(frozen_default=True)
    def record_type(cls: type[T]) -> type[T]: ...

else:

    def record_type(cls):
        names = list(cls.__dict__.get("__annotations__", {}))
        given = [name in cls.__dict__ for name in names]
        if given != sorted(given):  # as for a dataclass: defaults only after the others
            raise TypeError(f"{cls.__name__}: a field without a default follows one with")
        defaults = [cls.__dict__[name] for name in names if name in cls.__dict__]
        base = namedtuple(cls.__name__, names, defaults=defaults, module=cls.__module__)
        body = {
            key: value
            for key, value in cls.__dict__.items()
            if key not in names and key not in ("__dict__", "__weakref__", "__annotations__")
        }
        body["__slots__"] = ()
        made = type(cls.__name__, (base,), body)
        made.__qualname__ = cls.__qualname__
        return made


def fields(cls: type) -> tuple[str, ...]:
    """The field names of a @record_type class, in order."""
    names: tuple[str, ...] = cls._fields  # type: ignore[attr-defined]
    return names
