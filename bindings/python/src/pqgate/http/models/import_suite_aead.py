from enum import StrEnum


class ImportSuiteAead(StrEnum):
    AES_256_GCM = "AES-256-GCM"

    def __str__(self) -> str:
        return str(self.value)
