from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpenRequest")


@_attrs_define
class OpenRequest:
    """
    Attributes:
        sealed (str): nonce ‖ ciphertext ‖ tag, base64url (base64url, at most 1048604 bytes)
        aad (str | Unset): The associated data it was sealed with (base64url, at most 65536 bytes)
    """

    sealed: str
    aad: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        sealed = self.sealed

        aad = self.aad

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sealed": sealed,
            }
        )
        if aad is not UNSET:
            field_dict["aad"] = aad

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sealed = d.pop("sealed")

        aad = d.pop("aad", UNSET)

        open_request = cls(
            sealed=sealed,
            aad=aad,
        )

        return open_request
