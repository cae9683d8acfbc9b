from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateSyncAccount")


@_attrs_define
class CreateSyncAccount:
    """
    Attributes:
        name (str):
        custodial (bool | Unset): The gateway holds the account key and seals it to devices.
    """

    name: str
    custodial: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        custodial = self.custodial

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if custodial is not UNSET:
            field_dict["custodial"] = custodial

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        custodial = d.pop("custodial", UNSET)

        create_sync_account = cls(
            name=name,
            custodial=custodial,
        )

        return create_sync_account
