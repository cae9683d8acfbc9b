from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sync_recovered_status import SyncRecoveredStatus

T = TypeVar("T", bound="SyncRecovered")


@_attrs_define
class SyncRecovered:
    """
    Attributes:
        status (SyncRecoveredStatus):
        blob (str):
        epoch (int):
    """

    status: SyncRecoveredStatus
    blob: str
    epoch: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        blob = self.blob

        epoch = self.epoch

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "blob": blob,
                "epoch": epoch,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = SyncRecoveredStatus(d.pop("status"))

        blob = d.pop("blob")

        epoch = d.pop("epoch")

        sync_recovered = cls(
            status=status,
            blob=blob,
            epoch=epoch,
        )

        sync_recovered.additional_properties = d
        return sync_recovered

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
