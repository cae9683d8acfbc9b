from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.sync_recovery_challenge_kdf_type_0 import SyncRecoveryChallengeKdfType0


T = TypeVar("T", bound="SyncRecoveryChallenge")


@_attrs_define
class SyncRecoveryChallenge:
    """
    Attributes:
        id (str):
        nonce (str):
        epoch (int):
        expires_at (datetime.datetime):
        kdf (None | SyncRecoveryChallengeKdfType0):
    """

    id: str
    nonce: str
    epoch: int
    expires_at: datetime.datetime
    kdf: None | SyncRecoveryChallengeKdfType0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sync_recovery_challenge_kdf_type_0 import SyncRecoveryChallengeKdfType0

        id = self.id

        nonce = self.nonce

        epoch = self.epoch

        expires_at = self.expires_at.isoformat()

        kdf: dict[str, Any] | None
        if isinstance(self.kdf, SyncRecoveryChallengeKdfType0):
            kdf = self.kdf.to_dict()
        else:
            kdf = self.kdf

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "nonce": nonce,
                "epoch": epoch,
                "expiresAt": expires_at,
                "kdf": kdf,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sync_recovery_challenge_kdf_type_0 import SyncRecoveryChallengeKdfType0

        d = dict(src_dict)
        id = d.pop("id")

        nonce = d.pop("nonce")

        epoch = d.pop("epoch")

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))

        def _parse_kdf(data: object) -> None | SyncRecoveryChallengeKdfType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                kdf_type_0 = SyncRecoveryChallengeKdfType0.from_dict(data)

                return kdf_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SyncRecoveryChallengeKdfType0, data)

        kdf = _parse_kdf(d.pop("kdf"))

        sync_recovery_challenge = cls(
            id=id,
            nonce=nonce,
            epoch=epoch,
            expires_at=expires_at,
            kdf=kdf,
        )

        sync_recovery_challenge.additional_properties = d
        return sync_recovery_challenge

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
