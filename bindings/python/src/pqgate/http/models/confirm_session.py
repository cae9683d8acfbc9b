from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ConfirmSession")


@_attrs_define
class ConfirmSession:
    """
    Attributes:
        confirmation (str): The client's confirmation tag (role `client`) (base64url, exactly 32 bytes)
    """

    confirmation: str

    def to_dict(self) -> dict[str, Any]:
        confirmation = self.confirmation

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "confirmation": confirmation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        confirmation = d.pop("confirmation")

        confirm_session = cls(
            confirmation=confirmation,
        )

        return confirm_session
