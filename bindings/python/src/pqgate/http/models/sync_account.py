from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.sync_backup_info import SyncBackupInfo
    from ..models.sync_device import SyncDevice


T = TypeVar("T", bound="SyncAccount")


@_attrs_define
class SyncAccount:
    """
    Attributes:
        id (str):
        name (str):
        epoch (int):
        custodial (bool):
        devices (list[SyncDevice]):
        backups (list[SyncBackupInfo]):
    """

    id: str
    name: str
    epoch: int
    custodial: bool
    devices: list[SyncDevice]
    backups: list[SyncBackupInfo]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        epoch = self.epoch

        custodial = self.custodial

        devices = []
        for devices_item_data in self.devices:
            devices_item = devices_item_data.to_dict()
            devices.append(devices_item)

        backups = []
        for backups_item_data in self.backups:
            backups_item = backups_item_data.to_dict()
            backups.append(backups_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "epoch": epoch,
                "custodial": custodial,
                "devices": devices,
                "backups": backups,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_backup_info import SyncBackupInfo
        from ..models.sync_device import SyncDevice

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        epoch = d.pop("epoch")

        custodial = d.pop("custodial")

        devices = []
        _devices = d.pop("devices")
        for devices_item_data in _devices:
            devices_item = SyncDevice.from_dict(devices_item_data)

            devices.append(devices_item)

        backups = []
        _backups = d.pop("backups")
        for backups_item_data in _backups:
            backups_item = SyncBackupInfo.from_dict(backups_item_data)

            backups.append(backups_item)

        sync_account = cls(
            id=id,
            name=name,
            epoch=epoch,
            custodial=custodial,
            devices=devices,
            backups=backups,
        )

        sync_account.additional_properties = d
        return sync_account

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
