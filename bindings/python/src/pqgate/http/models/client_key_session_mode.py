from enum import StrEnum


class ClientKeySessionMode(StrEnum):
    CLIENT_KEY = "client-key"

    def __str__(self) -> str:
        return str(self.value)
