from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SignMuBatchItem")


@_attrs_define
class SignMuBatchItem:
    """
    Attributes:
        mu (str): ML-DSA keys only, instead of message and context: the external μ = SHAKE256(tr ‖ 0x00 ‖ len(ctx) ‖ ctx
            ‖ message, 64) with tr = SHAKE256(publicKey, 64) (FIPS 204 Algorithms 2 and 7); the signature is an ordinary ML-
            DSA signature over (message, ctx) (base64url, exactly 64 bytes)
        version (int | Unset): The key version (latest); one the key lacks fails this item alone (version-not-found)
        deterministic (bool | Unset):
    """

    mu: str
    version: int | Unset = UNSET
    deterministic: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        mu = self.mu

        version = self.version

        deterministic = self.deterministic

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mu": mu,
            }
        )
        if version is not UNSET:
            field_dict["version"] = version
        if deterministic is not UNSET:
            field_dict["deterministic"] = deterministic

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mu = d.pop("mu")

        version = d.pop("version", UNSET)

        deterministic = d.pop("deterministic", UNSET)

        sign_mu_batch_item = cls(
            mu=mu,
            version=version,
            deterministic=deterministic,
        )

        return sign_mu_batch_item
