from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="VerifyBatchItem")


@_attrs_define
class VerifyBatchItem:
    """
    Attributes:
        message (str): The message (base64url, at most 1048576 bytes)
        signature (str): The signature: ML-DSA-44 2420, ML-DSA-65 3309, ML-DSA-87 4627, Ed25519 64, ECDSA-P256 64, ML-
            DSA-65+Ed25519 3373 bytes (another length is not valid) (base64url, at most 4627 bytes)
        version (int | Unset): The key version (latest); one the key lacks fails this item alone (version-not-found)
        context (str | Unset): Context string, at most 255 bytes: the FIPS 204 context of an ML-DSA key; for ML-
            DSA-65+Ed25519 the ctx of the hybrid construction of the version's hybridScheme (docs/API.md), never ML-DSA's
            own FIPS 204 context (base64url, at most 255 bytes)
    """

    message: str
    signature: str
    version: int | Unset = UNSET
    context: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        signature = self.signature

        version = self.version

        context = self.context

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "message": message,
                "signature": signature,
            }
        )
        if version is not UNSET:
            field_dict["version"] = version
        if context is not UNSET:
            field_dict["context"] = context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        signature = d.pop("signature")

        version = d.pop("version", UNSET)

        context = d.pop("context", UNSET)

        verify_batch_item = cls(
            message=message,
            signature=signature,
            version=version,
            context=context,
        )

        return verify_batch_item
