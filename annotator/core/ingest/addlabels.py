"""``--add-labels``: span labels an import brings, added to the scheme.

An added label gets a free shortcut key and a colour from a fixed palette,
so the same import adds the same labels the same way; without a free key
the import is refused before anything is stored.
"""

from __future__ import annotations

from annotator.core.errors import InputError
from annotator.core.scheme import Label, Scheme

_PALETTE = [
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#8cd17d",
    "#b6992d",
    "#499894",
    "#86bcb6",
    "#d37295",
    "#fabfd2",
    "#79706e",
    "#d4a6c8",
]
_KEYS = "567890qwertyuiopghjklzxcvbnm"


def extend_scheme(scheme: Scheme, names: list[str]) -> Scheme:
    """The scheme with entity labels ``names`` added (free keys and colours)."""
    data = scheme.model_dump()
    used_keys = {key.lower() for key in scheme.bound_keys()}
    free = [k for k in _KEYS if k not in used_keys]
    if len(names) > len(free):
        raise InputError(f"--add-labels: no free shortcut keys left for {', '.join(names)}")
    for i, name in enumerate(names):
        data["labels"].append(
            Label(
                name=name,
                key=free[i],
                color=_PALETTE[i % len(_PALETTE)],
                description="Added by an import (--add-labels).",
            ).model_dump()
        )
    return Scheme.from_dict(data, source="--add-labels")
