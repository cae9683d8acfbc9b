from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SignBatchItem")


@_attrs_define
class SignBatchItem:
    """
    Attributes:
        message (str): The message (base64url, at most 1048576 bytes)
        version (int | Unset): The key version (latest); one the key lacks fails this item alone (version-not-found)
        context (str | Unset): Context string, at most 255 bytes: the FIPS 204 context of an ML-DSA key; for ML-
            DSA-65+Ed25519 the ctx of the hybrid construction of the version's hybridScheme (docs/API.md), never ML-DSA's
            own FIPS 204 context (base64url, at most 255 bytes)
        deterministic (bool | Unset):
    """

    message: str
    version: int | Unset = UNSET
    context: str | Unset = UNSET
    deterministic: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        version = self.version

        context = self.context

        deterministic = self.deterministic

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "message": message,
            }
        )
        if version is not UNSET:
            field_dict["version"] = version
        if context is not UNSET:
            field_dict["context"] = context
        if deterministic is not UNSET:
            field_dict["deterministic"] = deterministic

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        version = d.pop("version", UNSET)

        context = d.pop("context", UNSET)

        deterministic = d.pop("deterministic", UNSET)

        sign_batch_item = cls(
            message=message,
            version=version,
            context=context,
            deterministic=deterministic,
        )

        return sign_batch_item
