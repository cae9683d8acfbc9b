from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.verify_batch_item import VerifyBatchItem
    from ..models.verify_mu_batch_item import VerifyMuBatchItem


T = TypeVar("T", bound="VerifyBatchRequest")


@_attrs_define
class VerifyBatchRequest:
    """
    Attributes:
        items (list[VerifyBatchItem | VerifyMuBatchItem]):
    """

    items: list[VerifyBatchItem | VerifyMuBatchItem]

    def to_dict(self) -> dict[str, Any]:
        from ..models.verify_batch_item import VerifyBatchItem

        items = []
        for items_item_data in self.items:
            items_item: dict[str, Any]
            if isinstance(items_item_data, VerifyBatchItem):
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
        from ..models.verify_batch_item import VerifyBatchItem
        from ..models.verify_mu_batch_item import VerifyMuBatchItem

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:

            def _parse_items_item(data: object) -> VerifyBatchItem | VerifyMuBatchItem:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    items_item_type_0 = VerifyBatchItem.from_dict(data)

                    return items_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                items_item_type_1 = VerifyMuBatchItem.from_dict(data)

                return items_item_type_1

            items_item = _parse_items_item(items_item_data)

            items.append(items_item)

        verify_batch_request = cls(
            items=items,
        )

        return verify_batch_request
