from enum import StrEnum


class ReadyzResponse200TlsPqKeyExchangeType1(StrEnum):
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
