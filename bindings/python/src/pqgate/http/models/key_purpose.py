from enum import StrEnum


class KeyPurpose(StrEnum):
    AEAD = "aead"
    AGREEMENT = "agreement"
    KEM = "kem"
    MAC = "mac"
    SIGNATURE = "signature"

    def __str__(self) -> str:
        return str(self.value)
