from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.registered_sync_device_signature_scheme import RegisteredSyncDeviceSignatureScheme
from ..models.registered_sync_device_status import RegisteredSyncDeviceStatus

if TYPE_CHECKING:
    from ..models.sync_challenge import SyncChallenge


T = TypeVar("T", bound="RegisteredSyncDevice")


@_attrs_define
class RegisteredSyncDevice:
    """
    Attributes:
        id (str):
        fingerprint (str):
        signature_scheme (RegisteredSyncDeviceSignatureScheme): The hybrid scheme the device signs with
        status (RegisteredSyncDeviceStatus):
        challenge (SyncChallenge):
    """

    id: str
    fingerprint: str
    signature_scheme: RegisteredSyncDeviceSignatureScheme
    status: RegisteredSyncDeviceStatus
    challenge: SyncChallenge
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        fingerprint = self.fingerprint

        signature_scheme = self.signature_scheme.value

        status = self.status.value

        challenge = self.challenge.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "fingerprint": fingerprint,
                "signatureScheme": signature_scheme,
                "status": status,
                "challenge": challenge,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_challenge import SyncChallenge

        d = dict(src_dict)
        id = d.pop("id")

        fingerprint = d.pop("fingerprint")

        signature_scheme = RegisteredSyncDeviceSignatureScheme(d.pop("signatureScheme"))

        status = RegisteredSyncDeviceStatus(d.pop("status"))

        challenge = SyncChallenge.from_dict(d.pop("challenge"))

        registered_sync_device = cls(
            id=id,
            fingerprint=fingerprint,
            signature_scheme=signature_scheme,
            status=status,
            challenge=challenge,
        )

        registered_sync_device.additional_properties = d
        return registered_sync_device

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
