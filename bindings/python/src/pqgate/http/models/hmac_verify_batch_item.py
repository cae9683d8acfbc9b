from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="HmacVerifyBatchItem")


@_attrs_define
class HmacVerifyBatchItem:
    """
    Attributes:
        data (str): The data to authenticate (at most 1 MiB) (base64url, at most 1048576 bytes)
        mac (str): A MAC of this key: 0x01 ‖ u32be(version) ‖ HMAC tag (base64url, at most 69 bytes)
    """

    data: str
    mac: str

    def to_dict(self) -> dict[str, Any]:
        data = self.data

        mac = self.mac

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "mac": mac,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data = d.pop("data")

        mac = d.pop("mac")

        hmac_verify_batch_item = cls(
            data=data,
            mac=mac,
        )

        return hmac_verify_batch_item
