from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.session_algorithm import SessionAlgorithm
from ..models.session_mode import SessionMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """
    Attributes:
        session_id (str): Part of the transcript
        mode (SessionMode):
        algorithm (SessionAlgorithm):  Example: ML-KEM-768.
        expires_at (datetime.datetime):
        confirmation (str): The gateway's confirmation tag
        ciphertext (str | Unset): client-key mode: decapsulate it
        key_name (str | Unset):
        version (int | Unset): gateway-key mode: the key version used
    """

    session_id: str
    mode: SessionMode
    algorithm: SessionAlgorithm
    expires_at: datetime.datetime
    confirmation: str
    ciphertext: str | Unset = UNSET
    key_name: str | Unset = UNSET
    version: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        mode = self.mode.value

        algorithm = self.algorithm.value

        expires_at = self.expires_at.isoformat()

        confirmation = self.confirmation

        ciphertext = self.ciphertext

        key_name = self.key_name

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sessionId": session_id,
                "mode": mode,
                "algorithm": algorithm,
                "expiresAt": expires_at,
                "confirmation": confirmation,
            }
        )
        if ciphertext is not UNSET:
            field_dict["ciphertext"] = ciphertext
        if key_name is not UNSET:
            field_dict["keyName"] = key_name
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_id = d.pop("sessionId")

        mode = SessionMode(d.pop("mode"))

        algorithm = SessionAlgorithm(d.pop("algorithm"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))

        confirmation = d.pop("confirmation")

        ciphertext = d.pop("ciphertext", UNSET)

        key_name = d.pop("keyName", UNSET)

        version = d.pop("version", UNSET)

        session = cls(
            session_id=session_id,
            mode=mode,
            algorithm=algorithm,
            expires_at=expires_at,
            confirmation=confirmation,
            ciphertext=ciphertext,
            key_name=key_name,
            version=version,
        )

        session.additional_properties = d
        return session

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
