from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.readyz_response_200_status import ReadyzResponse200Status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.readyz_response_200_database import ReadyzResponse200Database
    from ..models.readyz_response_200_key_bindings import ReadyzResponse200KeyBindings
    from ..models.readyz_response_200_keystore import ReadyzResponse200Keystore
    from ..models.readyz_response_200_self_test import ReadyzResponse200SelfTest
    from ..models.readyz_response_200_tls import ReadyzResponse200Tls


T = TypeVar("T", bound="ReadyzResponse200")


@_attrs_define
class ReadyzResponse200:
    """
    Attributes:
        status (ReadyzResponse200Status):
        abi_version (int):
        self_test (ReadyzResponse200SelfTest):
        checked_at (datetime.datetime):
        keystore (ReadyzResponse200Keystore | Unset):
        database (ReadyzResponse200Database | Unset):
        key_bindings (ReadyzResponse200KeyBindings | Unset):
        tls (ReadyzResponse200Tls | Unset):
    """

    status: ReadyzResponse200Status
    abi_version: int
    self_test: ReadyzResponse200SelfTest
    checked_at: datetime.datetime
    keystore: ReadyzResponse200Keystore | Unset = UNSET
    database: ReadyzResponse200Database | Unset = UNSET
    key_bindings: ReadyzResponse200KeyBindings | Unset = UNSET
    tls: ReadyzResponse200Tls | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        abi_version = self.abi_version

        self_test = self.self_test.to_dict()

        checked_at = self.checked_at.isoformat()

        keystore: dict[str, Any] | Unset = UNSET
        if not isinstance(self.keystore, Unset):
            keystore = self.keystore.to_dict()

        database: dict[str, Any] | Unset = UNSET
        if not isinstance(self.database, Unset):
            database = self.database.to_dict()

        key_bindings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.key_bindings, Unset):
            key_bindings = self.key_bindings.to_dict()

        tls: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tls, Unset):
            tls = self.tls.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "abiVersion": abi_version,
                "selfTest": self_test,
                "checkedAt": checked_at,
            }
        )
        if keystore is not UNSET:
            field_dict["keystore"] = keystore
        if database is not UNSET:
            field_dict["database"] = database
        if key_bindings is not UNSET:
            field_dict["keyBindings"] = key_bindings
        if tls is not UNSET:
            field_dict["tls"] = tls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.readyz_response_200_database import ReadyzResponse200Database
        from ..models.readyz_response_200_key_bindings import ReadyzResponse200KeyBindings
        from ..models.readyz_response_200_keystore import ReadyzResponse200Keystore
        from ..models.readyz_response_200_self_test import ReadyzResponse200SelfTest
        from ..models.readyz_response_200_tls import ReadyzResponse200Tls

        d = dict(src_dict)
        status = ReadyzResponse200Status(d.pop("status"))

        abi_version = d.pop("abiVersion")

        self_test = ReadyzResponse200SelfTest.from_dict(d.pop("selfTest"))

        checked_at = datetime.datetime.fromisoformat(d.pop("checkedAt"))

        _keystore = d.pop("keystore", UNSET)
        keystore: ReadyzResponse200Keystore | Unset
        if isinstance(_keystore, Unset):
            keystore = UNSET
        else:
            keystore = ReadyzResponse200Keystore.from_dict(_keystore)

        _database = d.pop("database", UNSET)
        database: ReadyzResponse200Database | Unset
        if isinstance(_database, Unset):
            database = UNSET
        else:
            database = ReadyzResponse200Database.from_dict(_database)

        _key_bindings = d.pop("keyBindings", UNSET)
        key_bindings: ReadyzResponse200KeyBindings | Unset
        if isinstance(_key_bindings, Unset):
            key_bindings = UNSET
        else:
            key_bindings = ReadyzResponse200KeyBindings.from_dict(_key_bindings)

        _tls = d.pop("tls", UNSET)
        tls: ReadyzResponse200Tls | Unset
        if isinstance(_tls, Unset):
            tls = UNSET
        else:
            tls = ReadyzResponse200Tls.from_dict(_tls)

        readyz_response_200 = cls(
            status=status,
            abi_version=abi_version,
            self_test=self_test,
            checked_at=checked_at,
            keystore=keystore,
            database=database,
            key_bindings=key_bindings,
            tls=tls,
        )

        readyz_response_200.additional_properties = d
        return readyz_response_200

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
