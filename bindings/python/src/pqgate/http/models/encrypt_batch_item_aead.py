from enum import StrEnum


class EncryptBatchItemAead(StrEnum):
    AES_256_GCM = "AES-256-GCM"
    CHACHA20_POLY1305 = "ChaCha20-Poly1305"

    def __str__(self) -> str:
        return str(self.value)
