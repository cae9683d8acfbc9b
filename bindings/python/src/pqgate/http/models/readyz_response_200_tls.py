from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.readyz_response_200_tls_pq_key_exchange_type_1 import ReadyzResponse200TlsPqKeyExchangeType1

T = TypeVar("T", bound="ReadyzResponse200Tls")


@_attrs_define
class ReadyzResponse200Tls:
    """
    Attributes:
        enabled (bool):
        pq_key_exchange (bool | ReadyzResponse200TlsPqKeyExchangeType1): true only where this runtime version was
            measured negotiating X25519MLKEM768; false on plain HTTP
    """

    enabled: bool
    pq_key_exchange: bool | ReadyzResponse200TlsPqKeyExchangeType1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        pq_key_exchange: bool | str
        if isinstance(self.pq_key_exchange, ReadyzResponse200TlsPqKeyExchangeType1):
            pq_key_exchange = self.pq_key_exchange.value
        else:
            pq_key_exchange = self.pq_key_exchange

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enabled": enabled,
                "pqKeyExchange": pq_key_exchange,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled")

        def _parse_pq_key_exchange(data: object) -> bool | ReadyzResponse200TlsPqKeyExchangeType1:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pq_key_exchange_type_1 = ReadyzResponse200TlsPqKeyExchangeType1(data)

                return pq_key_exchange_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | ReadyzResponse200TlsPqKeyExchangeType1, data)

        pq_key_exchange = _parse_pq_key_exchange(d.pop("pqKeyExchange"))

        readyz_response_200_tls = cls(
            enabled=enabled,
            pq_key_exchange=pq_key_exchange,
        )

        readyz_response_200_tls.additional_properties = d
        return readyz_response_200_tls

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
