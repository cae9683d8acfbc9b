from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.register_sync_device_signature_scheme import RegisterSyncDeviceSignatureScheme
from ..types import UNSET, Unset

T = TypeVar("T", bound="RegisterSyncDevice")


@_attrs_define
class RegisterSyncDevice:
    """
    Attributes:
        name (str):
        signing_public_key (str): Hybrid ML-DSA-65 ‖ Ed25519 public key (base64url, exactly 1984 bytes)
        kem_public_key (str): X-Wing public key (base64url, exactly 1216 bytes)
        signature_scheme (RegisterSyncDeviceSignatureScheme | Unset): The hybrid scheme of every statement the device
            will sign: 1 or 2 (docs/SYNC.md, "Signature schemes"). Absent: 1, for clients that predate schemes.
    """

    name: str
    signing_public_key: str
    kem_public_key: str
    signature_scheme: RegisterSyncDeviceSignatureScheme | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        signing_public_key = self.signing_public_key

        kem_public_key = self.kem_public_key

        signature_scheme: int | Unset = UNSET
        if not isinstance(self.signature_scheme, Unset):
            signature_scheme = self.signature_scheme.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "signingPublicKey": signing_public_key,
                "kemPublicKey": kem_public_key,
            }
        )
        if signature_scheme is not UNSET:
            field_dict["signatureScheme"] = signature_scheme

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        signing_public_key = d.pop("signingPublicKey")

        kem_public_key = d.pop("kemPublicKey")

        _signature_scheme = d.pop("signatureScheme", UNSET)
        signature_scheme: RegisterSyncDeviceSignatureScheme | Unset
        if isinstance(_signature_scheme, Unset):
            signature_scheme = UNSET
        else:
            signature_scheme = RegisterSyncDeviceSignatureScheme(_signature_scheme)

        register_sync_device = cls(
            name=name,
            signing_public_key=signing_public_key,
            kem_public_key=kem_public_key,
            signature_scheme=signature_scheme,
        )

        return register_sync_device
