from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.create_key_algorithm import CreateKeyAlgorithm
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateKey")


@_attrs_define
class CreateKey:
    """
    Attributes:
        name (str):  Example: orders-signer.
        algorithm (CreateKeyAlgorithm):  Example: ML-DSA-65.
        native (bool | Unset): Generate inside the TPM/PKCS#11 device (always for ECDSA-P256).
        auto_rotate_seconds (int | None | Unset):
        deletion_allowed (bool | Unset):
    """

    name: str
    algorithm: CreateKeyAlgorithm
    native: bool | Unset = UNSET
    auto_rotate_seconds: int | None | Unset = UNSET
    deletion_allowed: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        algorithm = self.algorithm.value

        native = self.native

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
            }
        )
        if native is not UNSET:
            field_dict["native"] = native
        if auto_rotate_seconds is not UNSET:
            field_dict["autoRotateSeconds"] = auto_rotate_seconds
        if deletion_allowed is not UNSET:
            field_dict["deletionAllowed"] = deletion_allowed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        algorithm = CreateKeyAlgorithm(d.pop("algorithm"))

        native = d.pop("native", UNSET)

        def _parse_auto_rotate_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        auto_rotate_seconds = _parse_auto_rotate_seconds(d.pop("autoRotateSeconds", UNSET))

        deletion_allowed = d.pop("deletionAllowed", UNSET)

        create_key = cls(
            name=name,
            algorithm=algorithm,
            native=native,
            auto_rotate_seconds=auto_rotate_seconds,
            deletion_allowed=deletion_allowed,
        )

        return create_key
