from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.wrapped_import_key_algorithm import WrappedImportKeyAlgorithm
from ..types import UNSET, Unset

T = TypeVar("T", bound="WrappedImportKey")


@_attrs_define
class WrappedImportKey:
    """
    Attributes:
        name (str):  Example: orders-signer.
        algorithm (WrappedImportKeyAlgorithm):
        import_token (UUID): From POST /v1/keys/import-params; single use
        enc (str): The HPKE encapsulated key (X-Wing ciphertext) (base64url, exactly 1120 bytes)
        sealed_key (str): HPKE ciphertext (AES-256-GCM, tag included) of the seed (preferred) or expanded private key;
            info = "pqgate/wrapped-import/v1" ‖ enc(algorithm) ‖ enc(name) ‖ enc(importToken) (docs/KEYSTORES.md)
            (base64url, at most 8208 bytes)
        auto_rotate_seconds (int | None | Unset):
        deletion_allowed (bool | Unset):
    """

    name: str
    algorithm: WrappedImportKeyAlgorithm
    import_token: UUID
    enc: str
    sealed_key: str
    auto_rotate_seconds: int | None | Unset = UNSET
    deletion_allowed: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        algorithm = self.algorithm.value

        import_token = str(self.import_token)

        enc = self.enc

        sealed_key = self.sealed_key

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
                "importToken": import_token,
                "enc": enc,
                "sealedKey": sealed_key,
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

        algorithm = WrappedImportKeyAlgorithm(d.pop("algorithm"))

        import_token = UUID(d.pop("importToken"))

        enc = d.pop("enc")

        sealed_key = d.pop("sealedKey")

        def _parse_auto_rotate_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        auto_rotate_seconds = _parse_auto_rotate_seconds(d.pop("autoRotateSeconds", UNSET))

        deletion_allowed = d.pop("deletionAllowed", UNSET)

        wrapped_import_key = cls(
            name=name,
            algorithm=algorithm,
            import_token=import_token,
            enc=enc,
            sealed_key=sealed_key,
            auto_rotate_seconds=auto_rotate_seconds,
            deletion_allowed=deletion_allowed,
        )

        return wrapped_import_key
