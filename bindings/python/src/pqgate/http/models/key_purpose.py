from enum import StrEnum


class KeyPurpose(StrEnum):
    AGREEMENT = "agreement"
    KEM = "kem"
    SIGNATURE = "signature"

    def __str__(self) -> str:
        return str(self.value)
