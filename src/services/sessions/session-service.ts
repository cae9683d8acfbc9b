/**
 * Post-quantum session keys: a client and the gateway establish a shared AES-256-GCM key
 * through a KEM, then seal and open messages under it without sending the key anywhere.
 *
 * - `client-key` mode: the client sends a KEM public key (its private half never leaves
 *   the client); the gateway encapsulates to it and returns the ciphertext.
 * - `gateway-key` mode: the client encapsulates to the public key of a stored gateway KEM
 *   key (read through the key API) and sends the ciphertext; the gateway decapsulates.
 *
 * Both then run the key schedule of `transcript.ts`, bound to a session id the gateway picks
 * at random, so the client derives after reading the response. ML-KEM never fails to
 * decapsulate (implicit rejection), so the returned `confirmation` is how a client learns
 * both sides hold the same key; `confirm` is the reverse proof.
 *
 * @module
 */

import { type KemAlgorithm, KemPrivateKey, type Pqgate } from "../../../ffi/mod.ts";
import type { Clock } from "../../common/clock.ts";
import type { KemKeySource } from "../keys/types.ts";
import { SessionError } from "./errors.ts";
import { type SessionEntry, SessionStore } from "./session-store.ts";
import { keyNameMatches } from "../auth/key-pattern.ts";
import { constantTimeEqual } from "../constant-time.ts";
import { deriveSessionSecrets, type SessionMode, sessionTranscript, type TranscriptFields } from "./transcript.ts";

/** The longest (and default) session lifetime. */
export const SESSION_TTL_SECONDS = 900;
/** Bytes of a session id. */
export const SESSION_ID_BYTES = 16;

/** What the service needs. */
export interface SessionServiceDeps {
  readonly pq: Pqgate;
  readonly keys: KemKeySource;
  readonly clock: Clock;
  /** Longest and default lifetime (default {@link SESSION_TTL_SECONDS}). */
  readonly ttlSeconds?: number;
  /** Sessions per process (default 10 000). */
  readonly capacity?: number;
  /** Sessions per owner (default 1 000). */
  readonly maxPerOwner?: number;
}

/**
 * Who calls: a session belongs to the token that established it, and every later call must
 * come from that token, still allowed the session's key name by its pattern (a `Principal`).
 */
export interface SessionHolder {
  readonly owner: string;
  readonly tokenId: string;
  readonly keyPattern: string;
}

/** `client-key` mode: the gateway encapsulates to the client's key. */
export interface ClientKeyInput {
  readonly holder: SessionHolder;
  readonly algorithm: KemAlgorithm;
  readonly clientPublicKey: Uint8Array;
  readonly ttlSeconds?: number | undefined;
}

/** `gateway-key` mode: the client encapsulated to a stored key. */
export interface GatewayKeyInput {
  readonly holder: SessionHolder;
  readonly keyName: string;
  readonly version?: number | undefined;
  readonly ciphertext: Uint8Array;
  readonly ttlSeconds?: number | undefined;
}

/** An established session, as the client needs it to derive the same key. */
export interface EstablishedSession {
  readonly sessionId: Uint8Array;
  readonly mode: SessionMode;
  readonly algorithm: KemAlgorithm;
  readonly expiresAt: Date;
  /** The gateway's confirmation tag. */
  readonly confirmation: Uint8Array;
  /** `client-key` mode: the KEM ciphertext for the client to decapsulate. */
  readonly ciphertext?: Uint8Array;
  /** `gateway-key` mode: the key version decapsulated with. */
  readonly version?: number;
}

/** The session use cases. */
export class SessionService implements Disposable {
  readonly #deps: SessionServiceDeps;
  readonly #store: SessionStore;
  readonly #maxTtl: number;

  constructor(deps: SessionServiceDeps) {
    this.#deps = deps;
    this.#maxTtl = deps.ttlSeconds ?? SESSION_TTL_SECONDS;
    this.#store = new SessionStore({ capacity: deps.capacity ?? 10_000, maxPerOwner: deps.maxPerOwner ?? 1_000 });
  }

  /** Live sessions in this process. */
  get size(): number {
    return this.#store.size;
  }

  /**
   * Encapsulates to the client's public key. No gateway key pair is created: the only
   * handle is the imported public key, freed at once.
   *
   * @throws {SessionError} `invalid-crypto-input` for a public key of the wrong size.
   * @throws {PqError} `INVALID_KEY` for a key that fails the FIPS 203 §7.2 check.
   */
  createWithClientKey(input: ClientKeyInput): EstablishedSession {
    const { pq } = this.#deps;
    this.#requireSize("clientPublicKey", input.clientPublicKey, pq.algorithmSizes(input.algorithm).publicKey);
    using publicKey = pq.importPublicKey(input.algorithm, input.clientPublicKey);
    const { ciphertext, sharedSecret } = publicKey.encapsulate();
    const fields = {
      mode: "client-key",
      algorithm: input.algorithm,
      clientPublicKey: input.clientPublicKey,
      ciphertext,
    } as const;
    return { ...this.#establish(input.holder, fields, sharedSecret, input.ttlSeconds), ciphertext };
  }

  /**
   * Decapsulates the client's ciphertext with a stored KEM key (latest version unless
   * given). A wrong but well-sized ciphertext still yields a session, with a key the client
   * does not have: its confirmation check fails (FIPS 203 §6.3 implicit rejection).
   *
   * @throws {KeyError} `key-not-found`, `wrong-key-purpose`, `version-not-found`, `version-disabled`.
   * @throws {SessionError} `invalid-crypto-input` for a ciphertext of the wrong size.
   */
  async createWithGatewayKey(input: GatewayKeyInput): Promise<EstablishedSession> {
    const { holder } = input;
    const { key, version } = await this.#deps.keys.privateKey(holder.owner, input.keyName, "kem", input.version);
    // The purpose check in `privateKey` makes this a KEM key; anything else is our bug (500).
    if (!(key instanceof KemPrivateKey)) throw new Error(`key ${input.keyName} did not open as a KEM key`);
    this.#requireSize("ciphertext", input.ciphertext, this.#deps.pq.algorithmSizes(key.algorithm).ciphertext);
    // No await from here on: the cached handle cannot be evicted under us.
    const gatewayPublicKey = key.publicKey();
    const sharedSecret = key.decapsulate(input.ciphertext);
    const fields = {
      mode: "gateway-key",
      algorithm: key.algorithm,
      keyName: input.keyName,
      keyVersion: version,
      gatewayPublicKey,
      ciphertext: input.ciphertext,
    } as const;
    return { ...this.#establish(holder, fields, sharedSecret, input.ttlSeconds), version };
  }

  /**
   * Checks the client's confirmation tag. A mismatch ends the session: its keys differ, so
   * nothing sealed under it could be opened by the other side.
   *
   * @throws {SessionError} `session-confirmation-failed`; `session-not-found`, `session-expired`.
   */
  confirm(holder: SessionHolder, sessionId: Uint8Array, confirmation: Uint8Array): void {
    const id = idKey(sessionId);
    const entry = this.#entry(holder, id);
    if (!constantTimeEqual(entry.clientConfirmation, confirmation)) {
      this.#store.end(holder.owner, id, this.#now());
      throw new SessionError(
        "session-confirmation-failed",
        "The confirmation does not match: the two sides derived different keys. The session is ended.",
      );
    }
  }

  /** Seals under the session key: `nonce (12) ‖ ciphertext ‖ tag (16)`. @throws {SessionError} `session-not-found`, `session-expired`. */
  seal(holder: SessionHolder, sessionId: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    const entry = this.#entry(holder, idKey(sessionId));
    return this.#deps.pq.aeadSeal("AES-256-GCM", entry.key, aad, plaintext);
  }

  /**
   * Opens `nonce ‖ ciphertext ‖ tag` under the session key.
   *
   * @throws {SessionError} `decryption-failed` (tampered, wrong aad, another session's);
   * `session-not-found`, `session-expired`.
   */
  open(holder: SessionHolder, sessionId: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
    const entry = this.#entry(holder, idKey(sessionId));
    try {
      return this.#deps.pq.aeadOpen("AES-256-GCM", entry.key, aad, sealed);
    } catch {
      // Every failure to open is the same answer: which check failed is not the client's business.
      throw new SessionError("decryption-failed", "The sealed data does not open under this session and aad.");
    }
  }

  /** Ends a session and wipes its key. @throws {SessionError} `session-not-found`, `session-expired`. */
  end(holder: SessionHolder, sessionId: Uint8Array): void {
    const id = idKey(sessionId);
    this.#entry(holder, id);
    this.#store.end(holder.owner, id, this.#now());
  }

  /** Ends every session (shutdown). */
  [Symbol.dispose](): void {
    this.#store[Symbol.dispose]();
  }

  /**
   * The live session `id` if `holder` may use it: its owner, the very token that established
   * it, and (`gateway-key` mode) a key pattern that still allows the session's key. Anything
   * else is `session-not-found`, the answer for an unknown id, so ids cannot be probed.
   */
  #entry(holder: SessionHolder, id: string): SessionEntry {
    const entry = this.#store.get(holder.owner, id, this.#now());
    const allowed = entry.tokenId === holder.tokenId &&
      (entry.keyName === null || keyNameMatches(holder.keyPattern, entry.keyName));
    if (!allowed) throw new SessionError("session-not-found", "No such session.");
    return entry;
  }

  #establish(
    holder: SessionHolder,
    fields: Omit<TranscriptFields, "sessionId">,
    sharedSecret: Uint8Array,
    ttlSeconds: number | undefined,
  ): Omit<EstablishedSession, "ciphertext" | "version"> {
    const sessionId = this.#deps.pq.randomBytes(SESSION_ID_BYTES);
    let secrets;
    try {
      secrets = deriveSessionSecrets(this.#deps.pq, sharedSecret, sessionTranscript({ ...fields, sessionId }));
    } finally {
      sharedSecret.fill(0);
    }
    const now = this.#now();
    const ttl = Math.min(ttlSeconds ?? this.#maxTtl, this.#maxTtl);
    const expiresAt = now + ttl * 1000;
    this.#store.add(idKey(sessionId), {
      owner: holder.owner,
      tokenId: holder.tokenId,
      keyName: fields.keyName ?? null,
      key: secrets.sessionKey,
      clientConfirmation: secrets.clientConfirmation,
      expiresAt,
    }, now);
    return {
      sessionId,
      mode: fields.mode,
      algorithm: fields.algorithm,
      expiresAt: new Date(expiresAt),
      confirmation: secrets.gatewayConfirmation,
    };
  }

  #requireSize(what: string, value: Uint8Array, size: number): void {
    if (value.length !== size) {
      throw new SessionError("invalid-crypto-input", `${what} must be ${size} bytes for this algorithm.`, {
        extensions: { code: "INVALID_LENGTH" },
      });
    }
  }

  #now(): number {
    return this.#deps.clock.now().getTime();
  }
}

/** The map key of a session id. */
function idKey(sessionId: Uint8Array): string {
  return Array.from(sessionId, (b) => b.toString(16).padStart(2, "0")).join("");
}
