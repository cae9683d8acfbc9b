from enum import StrEnum


class HpkeSuiteKem(StrEnum):
    ML_KEM_1024 = "ML-KEM-1024"
    ML_KEM_512 = "ML-KEM-512"
    ML_KEM_768 = "ML-KEM-768"
    X_WING = "X-Wing"

    def __str__(self) -> str:
        return str(self.value)
