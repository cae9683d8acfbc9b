"""Contains all the data models used in inputs/outputs"""

from .audit_broken import AuditBroken
from .audit_intact import AuditIntact
from .ciphertext import Ciphertext
from .ciphertext_batch_result import CiphertextBatchResult
from .ciphertext_batch_result_results_item_type_0 import CiphertextBatchResultResultsItemType0
from .ciphertext_batch_result_results_item_type_1 import CiphertextBatchResultResultsItemType1
from .ciphertext_batch_result_results_item_type_1_problem import CiphertextBatchResultResultsItemType1Problem
from .client_key_session import ClientKeySession
from .client_key_session_algorithm import ClientKeySessionAlgorithm
from .client_key_session_mode import ClientKeySessionMode
from .configure_key import ConfigureKey
from .configure_key_message_limit_action import ConfigureKeyMessageLimitAction
from .confirm_session import ConfirmSession
from .create_key import CreateKey
from .create_key_algorithm import CreateKeyAlgorithm
from .create_sync_account import CreateSyncAccount
from .create_token import CreateToken
from .create_token_scopes_item import CreateTokenScopesItem
from .created_sync_account import CreatedSyncAccount
from .created_token import CreatedToken
from .data_key import DataKey
from .decrypt_batch_request import DecryptBatchRequest
from .encrypt import Encrypt
from .encrypt_aead import EncryptAead
from .encrypt_batch_item import EncryptBatchItem
from .encrypt_batch_item_aead import EncryptBatchItemAead
from .encrypt_batch_request import EncryptBatchRequest
from .encrypt_batch_result import EncryptBatchResult
from .encrypt_batch_result_results_item_type_0 import EncryptBatchResultResultsItemType0
from .encrypt_batch_result_results_item_type_1 import EncryptBatchResultResultsItemType1
from .encrypt_batch_result_results_item_type_2 import EncryptBatchResultResultsItemType2
from .encrypt_batch_result_results_item_type_2_problem import EncryptBatchResultResultsItemType2Problem
from .gateway_key_session import GatewayKeySession
from .gateway_key_session_mode import GatewayKeySessionMode
from .generate_data_key import GenerateDataKey
from .generate_data_key_bytes_type_0 import GenerateDataKeyBytesType0
from .generate_data_key_bytes_type_1 import GenerateDataKeyBytesType1
from .generate_data_key_bytes_type_2 import GenerateDataKeyBytesType2
from .healthz_response_200 import HealthzResponse200
from .healthz_response_200_status import HealthzResponse200Status
from .hmac import Hmac
from .hmac_batch_item import HmacBatchItem
from .hmac_batch_request import HmacBatchRequest
from .hmac_verify import HmacVerify
from .hmac_verify_batch_item import HmacVerifyBatchItem
from .hmac_verify_batch_request import HmacVerifyBatchRequest
from .hpke_decrypt import HpkeDecrypt
from .hpke_decrypt_aead import HpkeDecryptAead
from .hpke_decrypt_batch_item import HpkeDecryptBatchItem
from .hpke_decrypt_batch_item_aead import HpkeDecryptBatchItemAead
from .hpke_sealed import HpkeSealed
from .hpke_suite import HpkeSuite
from .hpke_suite_aead import HpkeSuiteAead
from .hpke_suite_kdf import HpkeSuiteKdf
from .hpke_suite_kem import HpkeSuiteKem
from .import_params import ImportParams
from .import_params_algorithm import ImportParamsAlgorithm
from .import_params_request import ImportParamsRequest
from .import_params_request_algorithm import ImportParamsRequestAlgorithm
from .import_suite import ImportSuite
from .import_suite_aead import ImportSuiteAead
from .import_suite_kdf import ImportSuiteKdf
from .import_suite_kem import ImportSuiteKem
from .key import Key
from .key_algorithm import KeyAlgorithm
from .key_list import KeyList
from .key_message_limit_action import KeyMessageLimitAction
from .key_protection import KeyProtection
from .key_purpose import KeyPurpose
from .key_version import KeyVersion
from .key_version_hybrid_scheme import KeyVersionHybridScheme
from .mac import Mac
from .mac_batch_result import MacBatchResult
from .mac_batch_result_results_item_type_0 import MacBatchResultResultsItemType0
from .mac_batch_result_results_item_type_1 import MacBatchResultResultsItemType1
from .mac_batch_result_results_item_type_1_problem import MacBatchResultResultsItemType1Problem
from .mac_verdict import MacVerdict
from .mac_verdict_batch_result import MacVerdictBatchResult
from .mac_verdict_batch_result_results_item_type_0 import MacVerdictBatchResultResultsItemType0
from .mac_verdict_batch_result_results_item_type_1 import MacVerdictBatchResultResultsItemType1
from .mac_verdict_batch_result_results_item_type_1_problem import MacVerdictBatchResultResultsItemType1Problem
from .open_request import OpenRequest
from .opened import Opened
from .plaintext import Plaintext
from .plaintext_batch_result import PlaintextBatchResult
from .plaintext_batch_result_results_item_type_0 import PlaintextBatchResultResultsItemType0
from .plaintext_batch_result_results_item_type_1 import PlaintextBatchResultResultsItemType1
from .plaintext_batch_result_results_item_type_1_problem import PlaintextBatchResultResultsItemType1Problem
from .plaintext_import_key import PlaintextImportKey
from .plaintext_import_key_algorithm import PlaintextImportKeyAlgorithm
from .problem import Problem
from .readyz_response_200 import ReadyzResponse200
from .readyz_response_200_database import ReadyzResponse200Database
from .readyz_response_200_key_bindings import ReadyzResponse200KeyBindings
from .readyz_response_200_keystore import ReadyzResponse200Keystore
from .readyz_response_200_keystore_backend import ReadyzResponse200KeystoreBackend
from .readyz_response_200_keystore_protection import ReadyzResponse200KeystoreProtection
from .readyz_response_200_self_test import ReadyzResponse200SelfTest
from .readyz_response_200_status import ReadyzResponse200Status
from .readyz_response_200_tls import ReadyzResponse200Tls
from .readyz_response_200_tls_pq_key_exchange_type_1 import ReadyzResponse200TlsPqKeyExchangeType1
from .register_sync_device import RegisterSyncDevice
from .register_sync_device_signature_scheme import RegisterSyncDeviceSignatureScheme
from .registered_sync_device import RegisteredSyncDevice
from .registered_sync_device_signature_scheme import RegisteredSyncDeviceSignatureScheme
from .registered_sync_device_status import RegisteredSyncDeviceStatus
from .renew_token import RenewToken
from .rewrap import Rewrap
from .rewrap_batch_item import RewrapBatchItem
from .rewrap_batch_request import RewrapBatchRequest
from .root_rotation_report import RootRotationReport
from .root_rotation_report_root import RootRotationReportRoot
from .schedule_deletion import ScheduleDeletion
from .seal_request import SealRequest
from .sealed import Sealed
from .session import Session
from .session_algorithm import SessionAlgorithm
from .session_confirmed import SessionConfirmed
from .session_mode import SessionMode
from .sign_batch_item import SignBatchItem
from .sign_batch_request import SignBatchRequest
from .sign_batch_result import SignBatchResult
from .sign_batch_result_results_item_type_0 import SignBatchResultResultsItemType0
from .sign_batch_result_results_item_type_1 import SignBatchResultResultsItemType1
from .sign_batch_result_results_item_type_1_problem import SignBatchResultResultsItemType1Problem
from .sign_mu_batch_item import SignMuBatchItem
from .sign_mu_request import SignMuRequest
from .sign_request import SignRequest
from .signature import Signature
from .symmetric_decrypt import SymmetricDecrypt
from .sync_account import SyncAccount
from .sync_approval_type_0 import SyncApprovalType0
from .sync_approve import SyncApprove
from .sync_backup import SyncBackup
from .sync_backup_info import SyncBackupInfo
from .sync_backup_info_method import SyncBackupInfoMethod
from .sync_backup_statement_type_0 import SyncBackupStatementType0
from .sync_backup_statement_type_0_method import SyncBackupStatementType0Method
from .sync_backup_statement_type_0_verifier_scheme import SyncBackupStatementType0VerifierScheme
from .sync_backup_verifier_scheme import SyncBackupVerifierScheme
from .sync_backups_store_method import SyncBackupsStoreMethod
from .sync_bundle import SyncBundle
from .sync_challenge import SyncChallenge
from .sync_challenge_request import SyncChallengeRequest
from .sync_challenge_request_purpose import SyncChallengeRequestPurpose
from .sync_device import SyncDevice
from .sync_device_signature_scheme import SyncDeviceSignatureScheme
from .sync_device_state import SyncDeviceState
from .sync_device_status import SyncDeviceStatus
from .sync_device_status_status import SyncDeviceStatusStatus
from .sync_epoch import SyncEpoch
from .sync_kdf import SyncKdf
from .sync_possession import SyncPossession
from .sync_recover import SyncRecover
from .sync_recover_method import SyncRecoverMethod
from .sync_recovered import SyncRecovered
from .sync_recovered_status import SyncRecoveredStatus
from .sync_recovery_challenge import SyncRecoveryChallenge
from .sync_recovery_challenge_kdf_type_0 import SyncRecoveryChallengeKdfType0
from .sync_recovery_request import SyncRecoveryRequest
from .sync_recovery_request_method import SyncRecoveryRequestMethod
from .sync_revoke_type_0 import SyncRevokeType0
from .sync_revoke_type_1 import SyncRevokeType1
from .sync_send_bundle import SyncSendBundle
from .sync_signed_challenge import SyncSignedChallenge
from .token import Token
from .token_list import TokenList
from .token_scopes_item import TokenScopesItem
from .unwrap_data_key import UnwrapDataKey
from .unwrapped_data_key import UnwrappedDataKey
from .verdict import Verdict
from .verify_batch_item import VerifyBatchItem
from .verify_batch_request import VerifyBatchRequest
from .verify_batch_result import VerifyBatchResult
from .verify_batch_result_results_item_type_0 import VerifyBatchResultResultsItemType0
from .verify_batch_result_results_item_type_1 import VerifyBatchResultResultsItemType1
from .verify_batch_result_results_item_type_1_problem import VerifyBatchResultResultsItemType1Problem
from .verify_mu_batch_item import VerifyMuBatchItem
from .verify_mu_request import VerifyMuRequest
from .verify_request import VerifyRequest
from .wrapped_import_key import WrappedImportKey
from .wrapped_import_key_algorithm import WrappedImportKeyAlgorithm

__all__ = (
    "AuditBroken",
    "AuditIntact",
    "Ciphertext",
    "CiphertextBatchResult",
    "CiphertextBatchResultResultsItemType0",
    "CiphertextBatchResultResultsItemType1",
    "CiphertextBatchResultResultsItemType1Problem",
    "ClientKeySession",
    "ClientKeySessionAlgorithm",
    "ClientKeySessionMode",
    "ConfigureKey",
    "ConfigureKeyMessageLimitAction",
    "ConfirmSession",
    "CreateKey",
    "CreateKeyAlgorithm",
    "CreateSyncAccount",
    "CreateToken",
    "CreateTokenScopesItem",
    "CreatedSyncAccount",
    "CreatedToken",
    "DataKey",
    "DecryptBatchRequest",
    "Encrypt",
    "EncryptAead",
    "EncryptBatchItem",
    "EncryptBatchItemAead",
    "EncryptBatchRequest",
    "EncryptBatchResult",
    "EncryptBatchResultResultsItemType0",
    "EncryptBatchResultResultsItemType1",
    "EncryptBatchResultResultsItemType2",
    "EncryptBatchResultResultsItemType2Problem",
    "GatewayKeySession",
    "GatewayKeySessionMode",
    "GenerateDataKey",
    "GenerateDataKeyBytesType0",
    "GenerateDataKeyBytesType1",
    "GenerateDataKeyBytesType2",
    "HealthzResponse200",
    "HealthzResponse200Status",
    "Hmac",
    "HmacBatchItem",
    "HmacBatchRequest",
    "HmacVerify",
    "HmacVerifyBatchItem",
    "HmacVerifyBatchRequest",
    "HpkeDecrypt",
    "HpkeDecryptAead",
    "HpkeDecryptBatchItem",
    "HpkeDecryptBatchItemAead",
    "HpkeSealed",
    "HpkeSuite",
    "HpkeSuiteAead",
    "HpkeSuiteKdf",
    "HpkeSuiteKem",
    "ImportParams",
    "ImportParamsAlgorithm",
    "ImportParamsRequest",
    "ImportParamsRequestAlgorithm",
    "ImportSuite",
    "ImportSuiteAead",
    "ImportSuiteKdf",
    "ImportSuiteKem",
    "Key",
    "KeyAlgorithm",
    "KeyList",
    "KeyMessageLimitAction",
    "KeyProtection",
    "KeyPurpose",
    "KeyVersion",
    "KeyVersionHybridScheme",
    "Mac",
    "MacBatchResult",
    "MacBatchResultResultsItemType0",
    "MacBatchResultResultsItemType1",
    "MacBatchResultResultsItemType1Problem",
    "MacVerdict",
    "MacVerdictBatchResult",
    "MacVerdictBatchResultResultsItemType0",
    "MacVerdictBatchResultResultsItemType1",
    "MacVerdictBatchResultResultsItemType1Problem",
    "OpenRequest",
    "Opened",
    "Plaintext",
    "PlaintextBatchResult",
    "PlaintextBatchResultResultsItemType0",
    "PlaintextBatchResultResultsItemType1",
    "PlaintextBatchResultResultsItemType1Problem",
    "PlaintextImportKey",
    "PlaintextImportKeyAlgorithm",
    "Problem",
    "ReadyzResponse200",
    "ReadyzResponse200Database",
    "ReadyzResponse200KeyBindings",
    "ReadyzResponse200Keystore",
    "ReadyzResponse200KeystoreBackend",
    "ReadyzResponse200KeystoreProtection",
    "ReadyzResponse200SelfTest",
    "ReadyzResponse200Status",
    "ReadyzResponse200Tls",
    "ReadyzResponse200TlsPqKeyExchangeType1",
    "RegisterSyncDevice",
    "RegisterSyncDeviceSignatureScheme",
    "RegisteredSyncDevice",
    "RegisteredSyncDeviceSignatureScheme",
    "RegisteredSyncDeviceStatus",
    "RenewToken",
    "Rewrap",
    "RewrapBatchItem",
    "RewrapBatchRequest",
    "RootRotationReport",
    "RootRotationReportRoot",
    "ScheduleDeletion",
    "SealRequest",
    "Sealed",
    "Session",
    "SessionAlgorithm",
    "SessionConfirmed",
    "SessionMode",
    "SignBatchItem",
    "SignBatchRequest",
    "SignBatchResult",
    "SignBatchResultResultsItemType0",
    "SignBatchResultResultsItemType1",
    "SignBatchResultResultsItemType1Problem",
    "SignMuBatchItem",
    "SignMuRequest",
    "SignRequest",
    "Signature",
    "SymmetricDecrypt",
    "SyncAccount",
    "SyncApprovalType0",
    "SyncApprove",
    "SyncBackup",
    "SyncBackupInfo",
    "SyncBackupInfoMethod",
    "SyncBackupStatementType0",
    "SyncBackupStatementType0Method",
    "SyncBackupStatementType0VerifierScheme",
    "SyncBackupVerifierScheme",
    "SyncBackupsStoreMethod",
    "SyncBundle",
    "SyncChallenge",
    "SyncChallengeRequest",
    "SyncChallengeRequestPurpose",
    "SyncDevice",
    "SyncDeviceSignatureScheme",
    "SyncDeviceState",
    "SyncDeviceStatus",
    "SyncDeviceStatusStatus",
    "SyncEpoch",
    "SyncKdf",
    "SyncPossession",
    "SyncRecover",
    "SyncRecoverMethod",
    "SyncRecovered",
    "SyncRecoveredStatus",
    "SyncRecoveryChallenge",
    "SyncRecoveryChallengeKdfType0",
    "SyncRecoveryRequest",
    "SyncRecoveryRequestMethod",
    "SyncRevokeType0",
    "SyncRevokeType1",
    "SyncSendBundle",
    "SyncSignedChallenge",
    "Token",
    "TokenList",
    "TokenScopesItem",
    "UnwrapDataKey",
    "UnwrappedDataKey",
    "Verdict",
    "VerifyBatchItem",
    "VerifyBatchRequest",
    "VerifyBatchResult",
    "VerifyBatchResultResultsItemType0",
    "VerifyBatchResultResultsItemType1",
    "VerifyBatchResultResultsItemType1Problem",
    "VerifyMuBatchItem",
    "VerifyMuRequest",
    "VerifyRequest",
    "WrappedImportKey",
    "WrappedImportKeyAlgorithm",
)
