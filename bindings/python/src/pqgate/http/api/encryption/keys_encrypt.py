from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.ciphertext import Ciphertext
from ...models.encrypt import Encrypt
from ...models.hpke_sealed import HpkeSealed
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    name: str,
    *,
    body: Encrypt,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/keys/{name}/encrypt".format(
            name=quote(str(name), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Ciphertext | HpkeSealed | Problem | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> Ciphertext | HpkeSealed:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_encrypt_result_type_0 = Ciphertext.from_dict(data)

                return componentsschemas_encrypt_result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_encrypt_result_type_1 = HpkeSealed.from_dict(data)

            return componentsschemas_encrypt_result_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Ciphertext | HpkeSealed | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
    body: Encrypt,
) -> Response[Ciphertext | HpkeSealed | Problem]:
    """Encrypt under the latest version: a symmetric key's ciphertext, or HPKE to a KEM key's public key

    Args:
        name (str):  Example: orders-signer.
        body (Encrypt): Symmetric keys take plaintext and aad; KEM keys (HPKE) also info and aead.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Ciphertext | HpkeSealed | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient,
    body: Encrypt,
) -> Ciphertext | HpkeSealed | Problem | None:
    """Encrypt under the latest version: a symmetric key's ciphertext, or HPKE to a KEM key's public key

    Args:
        name (str):  Example: orders-signer.
        body (Encrypt): Symmetric keys take plaintext and aad; KEM keys (HPKE) also info and aead.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Ciphertext | HpkeSealed | Problem
    """

    return sync_detailed(
        name=name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
    body: Encrypt,
) -> Response[Ciphertext | HpkeSealed | Problem]:
    """Encrypt under the latest version: a symmetric key's ciphertext, or HPKE to a KEM key's public key

    Args:
        name (str):  Example: orders-signer.
        body (Encrypt): Symmetric keys take plaintext and aad; KEM keys (HPKE) also info and aead.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Ciphertext | HpkeSealed | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient,
    body: Encrypt,
) -> Ciphertext | HpkeSealed | Problem | None:
    """Encrypt under the latest version: a symmetric key's ciphertext, or HPKE to a KEM key's public key

    Args:
        name (str):  Example: orders-signer.
        body (Encrypt): Symmetric keys take plaintext and aad; KEM keys (HPKE) also info and aead.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Ciphertext | HpkeSealed | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            body=body,
        )
    ).parsed
