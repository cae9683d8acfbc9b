from enum import StrEnum


class GatewayKeySessionMode(StrEnum):
    GATEWAY_KEY = "gateway-key"

    def __str__(self) -> str:
        return str(self.value)
