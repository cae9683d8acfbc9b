from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.hpke_decrypt_batch_item import HpkeDecryptBatchItem
    from ..models.symmetric_decrypt import SymmetricDecrypt


T = TypeVar("T", bound="DecryptBatchRequest")


@_attrs_define
class DecryptBatchRequest:
    """
    Attributes:
        items (list[HpkeDecryptBatchItem | SymmetricDecrypt]):
    """

    items: list[HpkeDecryptBatchItem | SymmetricDecrypt]

    def to_dict(self) -> dict[str, Any]:
        from ..models.symmetric_decrypt import SymmetricDecrypt

        items = []
        for items_item_data in self.items:
            items_item: dict[str, Any]
            if isinstance(items_item_data, SymmetricDecrypt):
                items_item = items_item_data.to_dict()
            else:
                items_item = items_item_data.to_dict()

            items.append(items_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.hpke_decrypt_batch_item import HpkeDecryptBatchItem
        from ..models.symmetric_decrypt import SymmetricDecrypt

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:

            def _parse_items_item(data: object) -> HpkeDecryptBatchItem | SymmetricDecrypt:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_decrypt_batch_item_type_0 = SymmetricDecrypt.from_dict(data)

                    return componentsschemas_decrypt_batch_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_decrypt_batch_item_type_1 = HpkeDecryptBatchItem.from_dict(data)

                return componentsschemas_decrypt_batch_item_type_1

            items_item = _parse_items_item(items_item_data)

            items.append(items_item)

        decrypt_batch_request = cls(
            items=items,
        )

        return decrypt_batch_request
