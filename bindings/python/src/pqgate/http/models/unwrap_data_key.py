from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UnwrapDataKey")


@_attrs_define
class UnwrapDataKey:
    """
    Attributes:
        wrapped (str): A wrapped data key from this key (base64url, at most 1633 bytes)
        aad (str | Unset): Associated data the data key is bound to; unwrapping needs the same bytes (base64url, at most
            65536 bytes)
    """

    wrapped: str
    aad: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        wrapped = self.wrapped

        aad = self.aad

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "wrapped": wrapped,
            }
        )
        if aad is not UNSET:
            field_dict["aad"] = aad

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        wrapped = d.pop("wrapped")

        aad = d.pop("aad", UNSET)

        unwrap_data_key = cls(
            wrapped=wrapped,
            aad=aad,
        )

        return unwrap_data_key
