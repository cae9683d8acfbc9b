from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RegisterSyncDevice")


@_attrs_define
class RegisterSyncDevice:
    """
    Attributes:
        name (str):
        signing_public_key (str): Hybrid ML-DSA-65 ‖ Ed25519 public key
        kem_public_key (str): X-Wing public key
    """

    name: str
    signing_public_key: str
    kem_public_key: str

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        signing_public_key = self.signing_public_key

        kem_public_key = self.kem_public_key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "signingPublicKey": signing_public_key,
                "kemPublicKey": kem_public_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        signing_public_key = d.pop("signingPublicKey")

        kem_public_key = d.pop("kemPublicKey")

        register_sync_device = cls(
            name=name,
            signing_public_key=signing_public_key,
            kem_public_key=kem_public_key,
        )

        return register_sync_device
