from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.sync_backup_statement_type_0 import SyncBackupStatementType0


T = TypeVar("T", bound="SyncApprovalType0")


@_attrs_define
class SyncApprovalType0:
    """
    Attributes:
        approver_id (str):
        epoch (int):
        nonce (str):
        signature (str):
        backup (None | SyncBackupStatementType0): For recovery:<method>: the backup statement whose verifier key signed
            the recover proof
    """

    approver_id: str
    epoch: int
    nonce: str
    signature: str
    backup: None | SyncBackupStatementType0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sync_backup_statement_type_0 import SyncBackupStatementType0

        approver_id = self.approver_id

        epoch = self.epoch

        nonce = self.nonce

        signature = self.signature

        backup: dict[str, Any] | None
        if isinstance(self.backup, SyncBackupStatementType0):
            backup = self.backup.to_dict()
        else:
            backup = self.backup

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approverId": approver_id,
                "epoch": epoch,
                "nonce": nonce,
                "signature": signature,
                "backup": backup,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_backup_statement_type_0 import SyncBackupStatementType0

        d = dict(src_dict)
        approver_id = d.pop("approverId")

        epoch = d.pop("epoch")

        nonce = d.pop("nonce")

        signature = d.pop("signature")

        def _parse_backup(data: object) -> None | SyncBackupStatementType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_sync_backup_statement_type_0 = SyncBackupStatementType0.from_dict(data)

                return componentsschemas_sync_backup_statement_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SyncBackupStatementType0, data)

        backup = _parse_backup(d.pop("backup"))

        sync_approval_type_0 = cls(
            approver_id=approver_id,
            epoch=epoch,
            nonce=nonce,
            signature=signature,
            backup=backup,
        )

        sync_approval_type_0.additional_properties = d
        return sync_approval_type_0

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
