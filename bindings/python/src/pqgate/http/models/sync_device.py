from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sync_device_signature_scheme import SyncDeviceSignatureScheme
from ..models.sync_device_state import SyncDeviceState

if TYPE_CHECKING:
    from ..models.sync_approval_type_0 import SyncApprovalType0


T = TypeVar("T", bound="SyncDevice")


@_attrs_define
class SyncDevice:
    """
    Attributes:
        id (str):
        name (str):
        status (SyncDeviceState):
        fingerprint (str):
        signing_public_key (str):
        kem_public_key (str):
        signature_scheme (SyncDeviceSignatureScheme): The hybrid scheme the device declared at registration (devices
            check it against its approval)
        approval (None | SyncApprovalType0):
        revoked_epoch (int | None):
        created_at (datetime.datetime):
    """

    id: str
    name: str
    status: SyncDeviceState
    fingerprint: str
    signing_public_key: str
    kem_public_key: str
    signature_scheme: SyncDeviceSignatureScheme
    approval: None | SyncApprovalType0
    revoked_epoch: int | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sync_approval_type_0 import SyncApprovalType0

        id = self.id

        name = self.name

        status = self.status.value

        fingerprint = self.fingerprint

        signing_public_key = self.signing_public_key

        kem_public_key = self.kem_public_key

        signature_scheme = self.signature_scheme.value

        approval: dict[str, Any] | None
        if isinstance(self.approval, SyncApprovalType0):
            approval = self.approval.to_dict()
        else:
            approval = self.approval

        revoked_epoch: int | None
        revoked_epoch = self.revoked_epoch

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "status": status,
                "fingerprint": fingerprint,
                "signingPublicKey": signing_public_key,
                "kemPublicKey": kem_public_key,
                "signatureScheme": signature_scheme,
                "approval": approval,
                "revokedEpoch": revoked_epoch,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_approval_type_0 import SyncApprovalType0

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        status = SyncDeviceState(d.pop("status"))

        fingerprint = d.pop("fingerprint")

        signing_public_key = d.pop("signingPublicKey")

        kem_public_key = d.pop("kemPublicKey")

        signature_scheme = SyncDeviceSignatureScheme(d.pop("signatureScheme"))

        def _parse_approval(data: object) -> None | SyncApprovalType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_sync_approval_type_0 = SyncApprovalType0.from_dict(data)

                return componentsschemas_sync_approval_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SyncApprovalType0, data)

        approval = _parse_approval(d.pop("approval"))

        def _parse_revoked_epoch(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        revoked_epoch = _parse_revoked_epoch(d.pop("revokedEpoch"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        sync_device = cls(
            id=id,
            name=name,
            status=status,
            fingerprint=fingerprint,
            signing_public_key=signing_public_key,
            kem_public_key=kem_public_key,
            signature_scheme=signature_scheme,
            approval=approval,
            revoked_epoch=revoked_epoch,
            created_at=created_at,
        )

        sync_device.additional_properties = d
        return sync_device

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
