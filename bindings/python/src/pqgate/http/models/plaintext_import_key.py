from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.plaintext_import_key_algorithm import PlaintextImportKeyAlgorithm
from ..types import UNSET, Unset

T = TypeVar("T", bound="PlaintextImportKey")


@_attrs_define
class PlaintextImportKey:
    """
    Attributes:
        name (str):  Example: orders-signer.
        algorithm (PlaintextImportKeyAlgorithm):
        private_key (str): The seed (preferred) or the expanded FIPS 203/204 private key (base64url, at most 8192 bytes)
        auto_rotate_seconds (int | None | Unset):
        deletion_allowed (bool | Unset):
    """

    name: str
    algorithm: PlaintextImportKeyAlgorithm
    private_key: str
    auto_rotate_seconds: int | None | Unset = UNSET
    deletion_allowed: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        algorithm = self.algorithm.value

        private_key = self.private_key

        auto_rotate_seconds: int | None | Unset
        if isinstance(self.auto_rotate_seconds, Unset):
            auto_rotate_seconds = UNSET
        else:
            auto_rotate_seconds = self.auto_rotate_seconds

        deletion_allowed = self.deletion_allowed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "algorithm": algorithm,
                "privateKey": private_key,
            }
        )
        if auto_rotate_seconds is not UNSET:
            field_dict["autoRotateSeconds"] = auto_rotate_seconds
        if deletion_allowed is not UNSET:
            field_dict["deletionAllowed"] = deletion_allowed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        algorithm = PlaintextImportKeyAlgorithm(d.pop("algorithm"))

        private_key = d.pop("privateKey")

        def _parse_auto_rotate_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        auto_rotate_seconds = _parse_auto_rotate_seconds(d.pop("autoRotateSeconds", UNSET))

        deletion_allowed = d.pop("deletionAllowed", UNSET)

        plaintext_import_key = cls(
            name=name,
            algorithm=algorithm,
            private_key=private_key,
            auto_rotate_seconds=auto_rotate_seconds,
            deletion_allowed=deletion_allowed,
        )

        return plaintext_import_key
