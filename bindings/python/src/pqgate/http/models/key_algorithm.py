from enum import StrEnum


class KeyAlgorithm(StrEnum):
    ECDSA_P256 = "ECDSA-P256"
    ED25519 = "Ed25519"
    ML_DSA_44 = "ML-DSA-44"
    ML_DSA_65 = "ML-DSA-65"
    ML_DSA_65ED25519 = "ML-DSA-65+Ed25519"
    ML_DSA_87 = "ML-DSA-87"
    ML_KEM_1024 = "ML-KEM-1024"
    ML_KEM_512 = "ML-KEM-512"
    ML_KEM_768 = "ML-KEM-768"
    X25519 = "X25519"
    X_WING = "X-Wing"

    def __str__(self) -> str:
        return str(self.value)
