from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SyncKdf")


@_attrs_define
class SyncKdf:
    """
    Attributes:
        salt (str): Argon2id salt (the shipped client uses 16 bytes) (base64url, 16 to 64 bytes)
        memory_ki_b (int): Memory in KiB: accepted from 19456 to 1048576; outside that 422 sync-kdf-too-weak (this
            schema only rejects what cannot be a parameter at all, with 400)
        iterations (int): Passes: accepted from 2 to 16; outside that 422 sync-kdf-too-weak (this schema only rejects
            what cannot be a parameter at all, with 400)
        parallelism (int): Lanes: accepted from 1 to 4; outside that 422 sync-kdf-too-weak (this schema only rejects
            what cannot be a parameter at all, with 400)
    """

    salt: str
    memory_ki_b: int
    iterations: int
    parallelism: int

    def to_dict(self) -> dict[str, Any]:
        salt = self.salt

        memory_ki_b = self.memory_ki_b

        iterations = self.iterations

        parallelism = self.parallelism

        field_dict: dict[str, Any] = {}

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

        sync_kdf = cls(
            salt=salt,
            memory_ki_b=memory_ki_b,
            iterations=iterations,
            parallelism=parallelism,
        )

        return sync_kdf
