from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sync_backup_info_method import SyncBackupInfoMethod

if TYPE_CHECKING:
    from ..models.sync_backup_statement_type_0 import SyncBackupStatementType0


T = TypeVar("T", bound="SyncBackupInfo")


@_attrs_define
class SyncBackupInfo:
    """
    Attributes:
        method (SyncBackupInfoMethod):
        stale (bool): Recovery would refuse it (sync-backup-stale): upload a new one
        statement (None | SyncBackupStatementType0): For recovery:<method>: the backup statement whose verifier key
            signed the recover proof
    """

    method: SyncBackupInfoMethod
    stale: bool
    statement: None | SyncBackupStatementType0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sync_backup_statement_type_0 import SyncBackupStatementType0

        method = self.method.value

        stale = self.stale

        statement: dict[str, Any] | None
        if isinstance(self.statement, SyncBackupStatementType0):
            statement = self.statement.to_dict()
        else:
            statement = self.statement

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "method": method,
                "stale": stale,
                "statement": statement,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_backup_statement_type_0 import SyncBackupStatementType0

        d = dict(src_dict)
        method = SyncBackupInfoMethod(d.pop("method"))

        stale = d.pop("stale")

        def _parse_statement(data: object) -> None | SyncBackupStatementType0:
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

        statement = _parse_statement(d.pop("statement"))

        sync_backup_info = cls(
            method=method,
            stale=stale,
            statement=statement,
        )

        sync_backup_info.additional_properties = d
        return sync_backup_info

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
