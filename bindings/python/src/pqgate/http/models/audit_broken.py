from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AuditBroken")


@_attrs_define
class AuditBroken:
    """
    Attributes:
        ok (bool):
        rows (int): Rows verified before the break.
        first_broken_seq (int): The first row whose prev_hash, hash or head_mac does not match, the first missing seq,
            or the first row of a tail no valid head_mac covers.
        reason (str):
    """

    ok: bool
    rows: int
    first_broken_seq: int
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        rows = self.rows

        first_broken_seq = self.first_broken_seq

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "rows": rows,
                "firstBrokenSeq": first_broken_seq,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ok = d.pop("ok")

        rows = d.pop("rows")

        first_broken_seq = d.pop("firstBrokenSeq")

        reason = d.pop("reason")

        audit_broken = cls(
            ok=ok,
            rows=rows,
            first_broken_seq=first_broken_seq,
            reason=reason,
        )

        audit_broken.additional_properties = d
        return audit_broken

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
