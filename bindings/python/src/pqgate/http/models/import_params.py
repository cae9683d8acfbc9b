from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_params_algorithm import ImportParamsAlgorithm

if TYPE_CHECKING:
    from ..models.import_suite import ImportSuite


T = TypeVar("T", bound="ImportParams")


@_attrs_define
class ImportParams:
    """
    Attributes:
        import_token (UUID):
        algorithm (ImportParamsAlgorithm):
        public_key (str): The X-Wing import public key (1216 bytes)
        suite (ImportSuite):
        expires_at (datetime.datetime):
    """

    import_token: UUID
    algorithm: ImportParamsAlgorithm
    public_key: str
    suite: ImportSuite
    expires_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        import_token = str(self.import_token)

        algorithm = self.algorithm.value

        public_key = self.public_key

        suite = self.suite.to_dict()

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "importToken": import_token,
                "algorithm": algorithm,
                "publicKey": public_key,
                "suite": suite,
                "expiresAt": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_suite import ImportSuite

        d = dict(src_dict)
        import_token = UUID(d.pop("importToken"))

        algorithm = ImportParamsAlgorithm(d.pop("algorithm"))

        public_key = d.pop("publicKey")

        suite = ImportSuite.from_dict(d.pop("suite"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))

        import_params = cls(
            import_token=import_token,
            algorithm=algorithm,
            public_key=public_key,
            suite=suite,
            expires_at=expires_at,
        )

        import_params.additional_properties = d
        return import_params

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
