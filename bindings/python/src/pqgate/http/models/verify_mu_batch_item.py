from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="VerifyMuBatchItem")


@_attrs_define
class VerifyMuBatchItem:
    """
    Attributes:
        mu (str): ML-DSA keys only, instead of message and context: the external μ = SHAKE256(tr ‖ 0x00 ‖ len(ctx) ‖ ctx
            ‖ message, 64) with tr = SHAKE256(publicKey, 64) (FIPS 204 Algorithms 2 and 7); the signature is an ordinary ML-
            DSA signature over (message, ctx) (base64url, exactly 64 bytes)
        signature (str): The signature: ML-DSA-44 2420, ML-DSA-65 3309, ML-DSA-87 4627, Ed25519 64, ECDSA-P256 64, ML-
            DSA-65+Ed25519 3373 bytes (another length is not valid) (base64url, at most 4627 bytes)
        version (int | Unset): The key version (latest); one the key lacks fails this item alone (version-not-found)
    """

    mu: str
    signature: str
    version: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        mu = self.mu

        signature = self.signature

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mu": mu,
                "signature": signature,
            }
        )
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mu = d.pop("mu")

        signature = d.pop("signature")

        version = d.pop("version", UNSET)

        verify_mu_batch_item = cls(
            mu=mu,
            signature=signature,
            version=version,
        )

        return verify_mu_batch_item
