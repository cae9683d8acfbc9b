from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.generate_data_key_bytes_type_0 import GenerateDataKeyBytesType0
from ..models.generate_data_key_bytes_type_1 import GenerateDataKeyBytesType1
from ..models.generate_data_key_bytes_type_2 import GenerateDataKeyBytesType2
from ..types import UNSET, Unset

T = TypeVar("T", bound="GenerateDataKey")


@_attrs_define
class GenerateDataKey:
    """
    Attributes:
        version (int | Unset): The KEM key version to wrap under (latest).
        bytes_ (GenerateDataKeyBytesType0 | GenerateDataKeyBytesType1 | GenerateDataKeyBytesType2 | Unset): Data key
            length in bytes (default 32).
        aad (str | Unset): Associated data the data key is bound to; unwrapping needs the same bytes (base64url, at most
            65536 bytes)
    """

    version: int | Unset = UNSET
    bytes_: GenerateDataKeyBytesType0 | GenerateDataKeyBytesType1 | GenerateDataKeyBytesType2 | Unset = UNSET
    aad: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        bytes_: int | Unset
        if isinstance(self.bytes_, Unset):
            bytes_ = UNSET
        elif isinstance(self.bytes_, GenerateDataKeyBytesType0) or isinstance(self.bytes_, GenerateDataKeyBytesType1):
            bytes_ = self.bytes_.value
        else:
            bytes_ = self.bytes_.value

        aad = self.aad

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if version is not UNSET:
            field_dict["version"] = version
        if bytes_ is not UNSET:
            field_dict["bytes"] = bytes_
        if aad is not UNSET:
            field_dict["aad"] = aad

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        version = d.pop("version", UNSET)

        def _parse_bytes_(
            data: object,
        ) -> GenerateDataKeyBytesType0 | GenerateDataKeyBytesType1 | GenerateDataKeyBytesType2 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                bytes_type_0 = GenerateDataKeyBytesType0(data)

                return bytes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, int):
                    raise TypeError()
                bytes_type_1 = GenerateDataKeyBytesType1(data)

                return bytes_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, int):
                raise TypeError()
            bytes_type_2 = GenerateDataKeyBytesType2(data)

            return bytes_type_2

        bytes_ = _parse_bytes_(d.pop("bytes", UNSET))

        aad = d.pop("aad", UNSET)

        generate_data_key = cls(
            version=version,
            bytes_=bytes_,
            aad=aad,
        )

        return generate_data_key
