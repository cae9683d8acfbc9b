from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SyncChallenge")


@_attrs_define
class SyncChallenge:
    """
    Attributes:
        id (str):
        nonce (str):
        epoch (int):
        expires_at (datetime.datetime):
    """

    id: str
    nonce: str
    epoch: int
    expires_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        nonce = self.nonce

        epoch = self.epoch

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "nonce": nonce,
                "epoch": epoch,
                "expiresAt": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        nonce = d.pop("nonce")

        epoch = d.pop("epoch")

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))

        sync_challenge = cls(
            id=id,
            nonce=nonce,
            epoch=epoch,
            expires_at=expires_at,
        )

        sync_challenge.additional_properties = d
        return sync_challenge

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
