"""The label scheme: labels, relations, document categories, their colours,
keys and each label's attributes.

A project keeps its own scheme in the project file (initialised from
``resources/scheme.json``), so a team can annotate with its own labels; every
other part of the app asks the project for its scheme rather than assuming
the default four labels.

``span_key`` decides where a label's spans go in a spaCy Doc: ``None`` means
``doc.ents`` (such labels never overlap each other), a string means
``doc.spans[span_key]`` (those may overlap anything).

A relation type names which labels may be its head and its child (HOLDER
joins a STANCE to an ACTOR); a category is a question about the whole
document with one answer (``exclusive``) or several. Every key of the scheme
(label keys and mnemonics, relation keys, category value keys) is unique, so
one key press always means one thing in the window.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from annotator.core.errors import SchemeError
from annotator.core.resources import resource

AttributeType = Literal["choice", "text", "number", "actor"]
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _hex_color(value: str) -> str:
    if not _COLOR.match(value):
        raise ValueError(f"colour {value!r} is not of the form #rrggbb")
    return value.lower()


class Attribute(BaseModel):
    """One attribute of a label. ``values`` are the allowed values of a
    ``choice`` and the suggestions of a ``text``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    type: AttributeType = "text"
    values: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _choice_has_values(self) -> Attribute:
        if self.type == "choice" and not self.values:
            raise ValueError(f"attribute {self.name!r} is a choice without values")
        return self


class Label(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    key: str = Field(min_length=1, max_length=1)
    mnemonic: str | None = Field(default=None, min_length=1, max_length=1)
    color: str = "#888888"
    description: str = ""
    span_key: str | None = None
    attributes: list[Attribute] = Field(default_factory=list)

    _color = field_validator("color")(classmethod(lambda cls, value: _hex_color(value)))

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)


class RelationType(BaseModel):
    """A kind of directed link between two spans, drawn as an arc from the
    head to the child."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    key: str = Field(min_length=1, max_length=1)
    color: str = "#555555"
    description: str = ""
    heads: list[str] = Field(min_length=1)
    children: list[str] = Field(min_length=1)

    _color = field_validator("color")(classmethod(lambda cls, value: _hex_color(value)))

    def allows(self, head: str, child: str) -> bool:
        return head in self.heads and child in self.children


class CategoryValue(BaseModel):
    """One answer of a category; a plain string in a scheme file is its name."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    key: str | None = Field(default=None, min_length=1, max_length=1)


class Category(BaseModel):
    """A question about the whole document: one answer when ``exclusive``,
    any number otherwise."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    exclusive: bool = True
    description: str = ""
    values: list[CategoryValue] = Field(min_length=1)

    @field_validator("values", mode="before")
    @classmethod
    def _names_as_values(cls, values: Any) -> Any:
        if isinstance(values, list):
            return [{"name": v} if isinstance(v, str) else v for v in values]
        return values

    @property
    def value_names(self) -> list[str]:
        return [v.name for v in self.values]


class Scheme(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "custom"
    version: int = 1
    labels: list[Label] = Field(min_length=1)
    relations: list[RelationType] = Field(default_factory=list)
    categories: list[Category] = Field(default_factory=list)

    def bound_keys(self) -> list[str]:
        """Every key the scheme binds: label keys and mnemonics, relation keys,
        category value keys."""
        keys = [lab.key for lab in self.labels]
        keys += [lab.mnemonic for lab in self.labels if lab.mnemonic]
        keys += [rel.key for rel in self.relations]
        keys += [v.key for cat in self.categories for v in cat.values if v.key]
        return keys

    @model_validator(mode="after")
    def _unique(self) -> Scheme:
        for what, values in (
            ("label name", [lab.name for lab in self.labels]),
            ("relation name", [rel.name for rel in self.relations]),
            ("category name", [cat.name for cat in self.categories]),
            ("key", self.bound_keys()),
            *((f"value of {cat.name!r}", cat.value_names) for cat in self.categories),
        ):
            seen: set[str] = set()
            for value in values:
                if value.lower() in seen:
                    raise ValueError(f"{what} {value!r} is used twice")
                seen.add(value.lower())
        for rel in self.relations:
            for end in (*rel.heads, *rel.children):
                if end not in self.names:
                    raise ValueError(
                        f"relation {rel.name!r} names label {end!r}, not in the scheme"
                    )
        return self

    @property
    def names(self) -> list[str]:
        return [lab.name for lab in self.labels]

    def label(self, name: str) -> Label | None:
        return next((lab for lab in self.labels if lab.name == name), None)

    @property
    def relation_names(self) -> list[str]:
        return [rel.name for rel in self.relations]

    @property
    def category_names(self) -> list[str]:
        return [cat.name for cat in self.categories]

    def relation(self, name: str) -> RelationType | None:
        return next((rel for rel in self.relations if rel.name == name), None)

    def category(self, name: str) -> Category | None:
        return next((cat for cat in self.categories if cat.name == name), None)

    def entity_labels(self) -> list[str]:
        """Labels that go into ``doc.ents`` and never overlap each other."""
        return [lab.name for lab in self.labels if lab.span_key is None]

    def to_json(self) -> str:
        return json.dumps(self.model_dump(), indent=2, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Any, source: str = "scheme") -> Scheme:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "scheme"
            raise SchemeError(f"{source}: {where}: {first['msg']}") from None

    @classmethod
    def from_file(cls, path: str | Path) -> Scheme:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise SchemeError(f"{path}: no such file") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SchemeError(f"{path}: not a JSON scheme file ({exc})") from None
        return cls.from_dict(data, source=str(path))


def default_scheme() -> Scheme:
    """The four labels of GUIDELINES.md, as shipped in resources/."""
    return Scheme.from_file(resource("scheme.json"))
