from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.create_token_scopes_item import CreateTokenScopesItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateToken")


@_attrs_define
class CreateToken:
    """
    Attributes:
        name (str):
        scopes (list[CreateTokenScopesItem]):
        key_pattern (str | Unset):  Default: '*'.
    """

    name: str
    scopes: list[CreateTokenScopesItem]
    key_pattern: str | Unset = "*"

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)

        key_pattern = self.key_pattern

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "scopes": scopes,
            }
        )
        if key_pattern is not UNSET:
            field_dict["keyPattern"] = key_pattern

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = CreateTokenScopesItem(scopes_item_data)

            scopes.append(scopes_item)

        key_pattern = d.pop("keyPattern", UNSET)

        create_token = cls(
            name=name,
            scopes=scopes,
            key_pattern=key_pattern,
        )

        return create_token
