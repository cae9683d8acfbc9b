from enum import StrEnum


class ReadyzResponse200KeystoreBackend(StrEnum):
    PKCS11 = "pkcs11"
    SOFTWARE = "software"
    TPM = "tpm"
    TPM_FLEET = "tpm-fleet"

    def __str__(self) -> str:
        return str(self.value)
