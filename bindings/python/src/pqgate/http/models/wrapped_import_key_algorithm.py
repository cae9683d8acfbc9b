from enum import StrEnum


class WrappedImportKeyAlgorithm(StrEnum):
    AES_256_GCM = "AES-256-GCM"
    CHACHA20_POLY1305 = "ChaCha20-Poly1305"
    ECDSA_P256 = "ECDSA-P256"
    ED25519 = "Ed25519"
    HMAC_SHA3_256 = "HMAC-SHA3-256"
    HMAC_SHA_256 = "HMAC-SHA-256"
    HMAC_SHA_512 = "HMAC-SHA-512"
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
