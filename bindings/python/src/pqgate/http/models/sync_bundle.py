from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SyncBundle")


@_attrs_define
class SyncBundle:
    """
    Attributes:
        epoch (int):
        sender_id (str):
        sealed (str):
        signature (str):
        nonce (str):
    """

    epoch: int
    sender_id: str
    sealed: str
    signature: str
    nonce: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        epoch = self.epoch

        sender_id = self.sender_id

        sealed = self.sealed

        signature = self.signature

        nonce = self.nonce

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "epoch": epoch,
                "senderId": sender_id,
                "sealed": sealed,
                "signature": signature,
                "nonce": nonce,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        epoch = d.pop("epoch")

        sender_id = d.pop("senderId")

        sealed = d.pop("sealed")

        signature = d.pop("signature")

        nonce = d.pop("nonce")

        sync_bundle = cls(
            epoch=epoch,
            sender_id=sender_id,
            sealed=sealed,
            signature=signature,
            nonce=nonce,
        )

        sync_bundle.additional_properties = d
        return sync_bundle

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
