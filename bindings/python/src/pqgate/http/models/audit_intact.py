from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AuditIntact")


@_attrs_define
class AuditIntact:
    """
    Attributes:
        ok (bool):
        rows (int): Rows verified (the whole log).
        head (None | str): The last row's hash, base64url; null for an empty log. Keep it elsewhere: a later
            verification whose chain no longer reaches it shows rows removed from the end.
        authenticated_from (int | None): The first seq authenticated by the keystore-held chain key (a MAC on every
            batch's last row); null while no key exists (nothing appended since the upgrade).
        unauthenticated_through (int): Rows 1 to this were written before the chain key existed: they are covered by the
            hash chain (and, once a later row is authenticated, can no longer be changed unnoticed) but were never
            authenticated when written. 0: the whole log is authenticated. Fixed once the key exists: keep it with the head;
            a larger value later means the key row was replaced.
    """

    ok: bool
    rows: int
    head: None | str
    authenticated_from: int | None
    unauthenticated_through: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        rows = self.rows

        head: None | str
        head = self.head

        authenticated_from: int | None
        authenticated_from = self.authenticated_from

        unauthenticated_through = self.unauthenticated_through

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "rows": rows,
                "head": head,
                "authenticatedFrom": authenticated_from,
                "unauthenticatedThrough": unauthenticated_through,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ok = d.pop("ok")

        rows = d.pop("rows")

        def _parse_head(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        head = _parse_head(d.pop("head"))

        def _parse_authenticated_from(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        authenticated_from = _parse_authenticated_from(d.pop("authenticatedFrom"))

        unauthenticated_through = d.pop("unauthenticatedThrough")

        audit_intact = cls(
            ok=ok,
            rows=rows,
            head=head,
            authenticated_from=authenticated_from,
            unauthenticated_through=unauthenticated_through,
        )

        audit_intact.additional_properties = d
        return audit_intact

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
