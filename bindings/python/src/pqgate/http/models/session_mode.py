from enum import StrEnum


class SessionMode(StrEnum):
    CLIENT_KEY = "client-key"
    GATEWAY_KEY = "gateway-key"

    def __str__(self) -> str:
        return str(self.value)
