from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.sync_challenge import SyncChallenge
from ...models.sync_challenge_request import SyncChallengeRequest
from ...types import Response


def _get_kwargs(
    account_id: str,
    device_id: str,
    *,
    body: SyncChallengeRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sync/accounts/{account_id}/devices/{device_id}/challenges".format(
            account_id=quote(str(account_id), safe=""),
            device_id=quote(str(device_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SyncChallenge | None:
    if response.status_code == 201:
        response_201 = SyncChallenge.from_dict(response.json())

        return response_201

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
) -> Response[Problem | SyncChallenge]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    device_id: str,
    *,
    client: AuthenticatedClient,
    body: SyncChallengeRequest,
) -> Response[Problem | SyncChallenge]:
    """A single-use challenge for the device's next statement

    Args:
        account_id (str): Account id
        device_id (str): Device id
        body (SyncChallengeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SyncChallenge]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        device_id=device_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    device_id: str,
    *,
    client: AuthenticatedClient,
    body: SyncChallengeRequest,
) -> Problem | SyncChallenge | None:
    """A single-use challenge for the device's next statement

    Args:
        account_id (str): Account id
        device_id (str): Device id
        body (SyncChallengeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SyncChallenge
    """

    return sync_detailed(
        account_id=account_id,
        device_id=device_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    device_id: str,
    *,
    client: AuthenticatedClient,
    body: SyncChallengeRequest,
) -> Response[Problem | SyncChallenge]:
    """A single-use challenge for the device's next statement

    Args:
        account_id (str): Account id
        device_id (str): Device id
        body (SyncChallengeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SyncChallenge]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        device_id=device_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    device_id: str,
    *,
    client: AuthenticatedClient,
    body: SyncChallengeRequest,
) -> Problem | SyncChallenge | None:
    """A single-use challenge for the device's next statement

    Args:
        account_id (str): Account id
        device_id (str): Device id
        body (SyncChallengeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SyncChallenge
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            device_id=device_id,
            client=client,
            body=body,
        )
    ).parsed
