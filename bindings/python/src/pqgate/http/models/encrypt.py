from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Encrypt")


@_attrs_define
class Encrypt:
    """
    Attributes:
        plaintext (str): The plaintext (at most 1 MiB) (base64url, at most 1048576 bytes)
        aad (str | Unset): Associated data bound to the ciphertext (not encrypted, not stored in it): decrypting needs
            the same bytes (base64url, at most 65536 bytes)
    """

    plaintext: str
    aad: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        plaintext = self.plaintext

        aad = self.aad

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "plaintext": plaintext,
            }
        )
        if aad is not UNSET:
            field_dict["aad"] = aad

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        plaintext = d.pop("plaintext")

        aad = d.pop("aad", UNSET)

        encrypt = cls(
            plaintext=plaintext,
            aad=aad,
        )

        return encrypt
