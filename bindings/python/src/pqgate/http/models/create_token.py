from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.create_token_scopes_item import CreateTokenScopesItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateToken")


@_attrs_define
class CreateToken:
    """
    Attributes:
        name (str):
        scopes (list[CreateTokenScopesItem]):
        key_pattern (str | Unset):  Default: '*'.
        sync_account (UUID | Unset): Scope the token to this sync account of the owner (needs the sync:device scope): it
            acts on no other account. Recommended for device tokens; a creator scoped to an account must name its own.
        expires_at (datetime.datetime | Unset): When the token stops working (not with ttlSeconds). A token without
            tokens:admin expires at most PQGATE_TOKEN_MAX_TTL (default 90 days) after creation, beyond is 400 token-
            lifetime-invalid; without expiresAt and ttlSeconds it gets exactly that maximum, and an admin token never
            expires.
        ttl_seconds (int | Unset): The token's lifetime from now (not with expiresAt)
    """

    name: str
    scopes: list[CreateTokenScopesItem]
    key_pattern: str | Unset = "*"
    sync_account: UUID | Unset = UNSET
    expires_at: datetime.datetime | Unset = UNSET
    ttl_seconds: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)

        key_pattern = self.key_pattern

        sync_account: str | Unset = UNSET
        if not isinstance(self.sync_account, Unset):
            sync_account = str(self.sync_account)

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        ttl_seconds = self.ttl_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "scopes": scopes,
            }
        )
        if key_pattern is not UNSET:
            field_dict["keyPattern"] = key_pattern
        if sync_account is not UNSET:
            field_dict["syncAccount"] = sync_account
        if expires_at is not UNSET:
            field_dict["expiresAt"] = expires_at
        if ttl_seconds is not UNSET:
            field_dict["ttlSeconds"] = ttl_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = CreateTokenScopesItem(scopes_item_data)

            scopes.append(scopes_item)

        key_pattern = d.pop("keyPattern", UNSET)

        _sync_account = d.pop("syncAccount", UNSET)
        sync_account: UUID | Unset
        if isinstance(_sync_account, Unset):
            sync_account = UNSET
        else:
            sync_account = UUID(_sync_account)

        _expires_at = d.pop("expiresAt", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        ttl_seconds = d.pop("ttlSeconds", UNSET)

        create_token = cls(
            name=name,
            scopes=scopes,
            key_pattern=key_pattern,
            sync_account=sync_account,
            expires_at=expires_at,
            ttl_seconds=ttl_seconds,
        )

        return create_token
