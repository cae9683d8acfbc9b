"""
Every export of ``rust/ffi/include/pqgate.h``, as the header declares it, in header order.

This is the binding's one description of the C ABI: ``_abi.py`` turns each prototype into
ctypes ``argtypes``/``restype``, and ``tests/test_header_parity.py`` checks that this text
equals the header's declarations, so an export changed in Rust fails the Python tests
instead of being called with the wrong signature.
"""

PROTOTYPES = """\
int32_t pq_hpke_seal(uint64_t recipient, uint32_t aead, const uint8_t *info, uint32_t info_len, const uint8_t *aad, uint32_t aad_len, const uint8_t *plaintext, uint32_t plaintext_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_hpke_open(uint64_t recipient_private, uint32_t aead, const uint8_t *enc, uint32_t enc_len, const uint8_t *info, uint32_t info_len, const uint8_t *aad, uint32_t aad_len, const uint8_t *ciphertext, uint32_t ciphertext_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_hpke_open_key(uint64_t recipient_private, uint32_t aead, const uint8_t *enc, uint32_t enc_len, const uint8_t *info, uint32_t info_len, const uint8_t *aad, uint32_t aad_len, const uint8_t *ciphertext, uint32_t ciphertext_len, uint32_t algorithm, uint64_t *handle);
int32_t pq_kem_encapsulate(uint64_t handle, uint8_t *ct, uint32_t ct_cap, uint32_t *ct_len, uint8_t *ss, uint32_t ss_cap, uint32_t *ss_len);
int32_t pq_kem_encapsulate_deterministic(uint64_t handle, const uint8_t *randomness, uint32_t randomness_len, uint8_t *ct, uint32_t ct_cap, uint32_t *ct_len, uint8_t *ss, uint32_t ss_cap, uint32_t *ss_len);
int32_t pq_kem_decapsulate(uint64_t handle, const uint8_t *ct, uint32_t ct_len, uint8_t *ss, uint32_t ss_cap, uint32_t *ss_len);
int32_t pq_x25519_agree(uint64_t handle, const uint8_t *peer, uint32_t peer_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_key_generate(uint32_t algorithm, uint64_t *handle);
int32_t pq_key_from_seed(uint32_t algorithm, const uint8_t *seed, uint32_t seed_len, uint64_t *handle);
int32_t pq_key_import_private(uint32_t algorithm, const uint8_t *key, uint32_t key_len, uint64_t *handle);
int32_t pq_key_import_public(uint32_t algorithm, const uint8_t *key, uint32_t key_len, uint64_t *handle);
int32_t pq_key_export_public(uint64_t handle, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_key_info(uint64_t handle, uint32_t *kind, uint32_t *algorithm);
int32_t pq_key_free(uint64_t handle);
int32_t pq_keystore_open_software(const uint8_t *dir, uint32_t dir_len, const uint8_t *passphrase, uint32_t passphrase_len, uint64_t *handle);
int32_t pq_keystore_open_pkcs11(const uint8_t *module, uint32_t module_len, const uint8_t *token_label, uint32_t token_label_len, const uint8_t *pin, uint32_t pin_len, uint64_t *handle);
int32_t pq_keystore_open_tpm(const uint8_t *tcti, uint32_t tcti_len, uint64_t *handle);
int32_t pq_keystore_close(uint64_t keystore);
int32_t pq_keystore_info(uint64_t keystore, uint32_t *backend, uint32_t *protection);
int32_t pq_keystore_ping(uint64_t keystore);
int32_t pq_keystore_root_current(uint64_t keystore, uint32_t *sequence, uint8_t *id, uint32_t id_cap, uint32_t *id_len);
int32_t pq_keystore_root_rotate(uint64_t keystore, uint32_t *sequence, uint8_t *id, uint32_t id_cap, uint32_t *id_len);
int32_t pq_keystore_root_retire(uint64_t keystore, const uint8_t *id, uint32_t id_len);
int32_t pq_keystore_roots(uint64_t keystore, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_key_wrap(uint64_t keystore, uint64_t key, const uint8_t *key_id, uint32_t key_id_len, uint32_t version, const uint8_t *owner, uint32_t owner_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_key_unwrap(uint64_t keystore, uint32_t algorithm, const uint8_t *envelope, uint32_t envelope_len, const uint8_t *key_id, uint32_t key_id_len, uint32_t version, const uint8_t *owner, uint32_t owner_len, uint64_t *handle);
int32_t pq_key_rewrap(uint64_t keystore, uint32_t algorithm, const uint8_t *envelope, uint32_t envelope_len, const uint8_t *key_id, uint32_t key_id_len, uint32_t version, const uint8_t *owner, uint32_t owner_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_native_key_generate(uint64_t keystore, uint32_t algorithm, uint8_t *reference, uint32_t reference_cap, uint32_t *reference_len, uint64_t *handle);
int32_t pq_native_key_load(uint64_t keystore, uint32_t algorithm, const uint8_t *reference, uint32_t reference_len, uint64_t *handle);
int32_t pq_native_key_destroy(uint64_t keystore, uint32_t algorithm, const uint8_t *reference, uint32_t reference_len);
int32_t pq_envelope_root_id(const uint8_t *envelope, uint32_t envelope_len, uint8_t *id, uint32_t id_cap, uint32_t *id_len);
int32_t pq_keystore_open_tpm_fleet(const uint8_t *tcti, uint32_t tcti_len, uint64_t *handle);
int32_t pq_keystore_fleet(uint64_t keystore, uint32_t op, const uint8_t *a, uint32_t a_len, const uint8_t *b, uint32_t b_len, const uint8_t *c, uint32_t c_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
uint32_t pq_abi_version(void);
int32_t pq_status_message(int32_t code, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_self_test(void);
int32_t pq_algorithm_sizes(uint32_t algorithm, uint32_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_live_handle_count(uint32_t *out);
int32_t pq_native_stats(uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_hash(uint32_t algorithm, const uint8_t *data, uint32_t data_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_hkdf(uint32_t hash, const uint8_t *ikm, uint32_t ikm_len, const uint8_t *salt, uint32_t salt_len, const uint8_t *info, uint32_t info_len, uint8_t *out, uint32_t out_len);
int32_t pq_aead_seal(uint32_t algorithm, const uint8_t *key, uint32_t key_len, const uint8_t *aad, uint32_t aad_len, const uint8_t *plaintext, uint32_t plaintext_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_aead_open(uint32_t algorithm, const uint8_t *key, uint32_t key_len, const uint8_t *aad, uint32_t aad_len, const uint8_t *sealed, uint32_t sealed_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_random_bytes(uint8_t *out, uint32_t out_len);
int32_t pq_sig_sign(uint64_t handle, const uint8_t *msg, uint32_t msg_len, const uint8_t *ctx, uint32_t ctx_len, const uint8_t *rnd, uint32_t rnd_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_sig_sign_prehashed(uint64_t handle, uint32_t hash, const uint8_t *digest, uint32_t digest_len, const uint8_t *ctx, uint32_t ctx_len, const uint8_t *rnd, uint32_t rnd_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_sig_sign_internal(uint64_t handle, const uint8_t *m_prime, uint32_t m_prime_len, const uint8_t *rnd, uint32_t rnd_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_sig_sign_mu(uint64_t handle, const uint8_t *mu, uint32_t mu_len, const uint8_t *rnd, uint32_t rnd_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_sig_verify(uint64_t handle, const uint8_t *msg, uint32_t msg_len, const uint8_t *ctx, uint32_t ctx_len, const uint8_t *sig, uint32_t sig_len);
int32_t pq_sig_verify_prehashed(uint64_t handle, uint32_t hash, const uint8_t *digest, uint32_t digest_len, const uint8_t *ctx, uint32_t ctx_len, const uint8_t *sig, uint32_t sig_len);
int32_t pq_sig_verify_internal(uint64_t handle, const uint8_t *m_prime, uint32_t m_prime_len, const uint8_t *sig, uint32_t sig_len);
int32_t pq_sig_verify_mu(uint64_t handle, const uint8_t *mu, uint32_t mu_len, const uint8_t *sig, uint32_t sig_len);
int32_t pq_sym_encrypt(uint64_t handle, const uint8_t *aad, uint32_t aad_len, const uint8_t *plaintext, uint32_t plaintext_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_sym_decrypt(uint64_t handle, const uint8_t *aad, uint32_t aad_len, const uint8_t *sealed, uint32_t sealed_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_mac_compute(uint64_t handle, const uint8_t *data, uint32_t data_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_mac_verify(uint64_t handle, const uint8_t *data, uint32_t data_len, const uint8_t *tag, uint32_t tag_len);
int32_t pq_seal(uint64_t recipient, const uint8_t *aad, uint32_t aad_len, const uint8_t *plaintext, uint32_t plaintext_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_seal_open(uint64_t recipient_private, const uint8_t *aad, uint32_t aad_len, const uint8_t *sealed, uint32_t sealed_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_seal_private_key(uint64_t key, uint64_t recipient, const uint8_t *aad, uint32_t aad_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_shamir_split(const uint8_t *secret, uint32_t secret_len, uint32_t threshold, uint32_t count, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_shamir_combine(const uint8_t *shares, uint32_t shares_len, uint32_t share_len, uint8_t *out, uint32_t out_cap, uint32_t *out_len);
int32_t pq_password_derive(const uint8_t *password, uint32_t password_len, const uint8_t *salt, uint32_t salt_len, uint32_t memory_kib, uint32_t iterations, uint32_t parallelism, uint8_t *out, uint32_t out_len);
"""
