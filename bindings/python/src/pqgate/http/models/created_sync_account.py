from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CreatedSyncAccount")


@_attrs_define
class CreatedSyncAccount:
    """
    Attributes:
        id (str):
        name (str):
        epoch (int):
        custodial (bool):
        bootstrap_token (str): Single use; trusts the first device. Shown once.
    """

    id: str
    name: str
    epoch: int
    custodial: bool
    bootstrap_token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        epoch = self.epoch

        custodial = self.custodial

        bootstrap_token = self.bootstrap_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "epoch": epoch,
                "custodial": custodial,
                "bootstrapToken": bootstrap_token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        epoch = d.pop("epoch")

        custodial = d.pop("custodial")

        bootstrap_token = d.pop("bootstrapToken")

        created_sync_account = cls(
            id=id,
            name=name,
            epoch=epoch,
            custodial=custodial,
            bootstrap_token=bootstrap_token,
        )

        created_sync_account.additional_properties = d
        return created_sync_account

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
