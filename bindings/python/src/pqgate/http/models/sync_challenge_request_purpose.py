from enum import StrEnum


class SyncChallengeRequestPurpose(StrEnum):
    APPROVE = "approve"
    BACKUP = "backup"
    BUNDLE = "bundle"
    FETCH = "fetch"
    POSSESSION = "possession"
    REVOKE = "revoke"

    def __str__(self) -> str:
        return str(self.value)
