from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SyncRecoveryChallengeKdfType0")


@_attrs_define
class SyncRecoveryChallengeKdfType0:
    """
    Attributes:
        salt (str):
        memory_ki_b (int):
        iterations (int):
        parallelism (int):
    """

    salt: str
    memory_ki_b: int
    iterations: int
    parallelism: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        salt = self.salt

        memory_ki_b = self.memory_ki_b

        iterations = self.iterations

        parallelism = self.parallelism

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "salt": salt,
                "memoryKiB": memory_ki_b,
                "iterations": iterations,
                "parallelism": parallelism,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        salt = d.pop("salt")

        memory_ki_b = d.pop("memoryKiB")

        iterations = d.pop("iterations")

        parallelism = d.pop("parallelism")

        sync_recovery_challenge_kdf_type_0 = cls(
            salt=salt,
            memory_ki_b=memory_ki_b,
            iterations=iterations,
            parallelism=parallelism,
        )

        sync_recovery_challenge_kdf_type_0.additional_properties = d
        return sync_recovery_challenge_kdf_type_0

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
