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

import {
  type KemAlgorithm,
  KemPrivateKey,
  type Keystore,
  PqError,
  type Pqgate,
  PqStatus,
  toHex,
} from "../../../ffi/mod.ts";
import type { Clock } from "../../common/clock.ts";
import type { Database } from "../../db/client.ts";
import {
  deleteSession,
  findSession,
  insertSession,
  markSessionConfirmed,
  purgeExpiredSessions,
} from "../../db/sessions.ts";
import type { SessionRow } from "../../db/sessions.ts";
import type { CacheCoherence } from "../cache/coherence.ts";
import type { KemKeySource } from "../keys/types.ts";
import { SessionError } from "./errors.ts";
import { endEntry, SessionCache, type SessionEntry } from "./session-store.ts";
import { openSession, sealSession, SESSION_AEAD, type SessionRowFields } from "./session-envelope.ts";
import { keyNameMatches } from "../auth/key-pattern.ts";
import { constantTimeEqual } from "../constant-time.ts";
import { deriveSessionSecrets, type SessionMode, sessionTranscript, type TranscriptFields } from "./transcript.ts";

/** The longest (and default) session lifetime. */
export const SESSION_TTL_SECONDS = 900;
/** Bytes of a session id. */
export const SESSION_ID_BYTES = 16;

/** What the service needs. */
export interface SessionServiceDeps {
  readonly db: Database;
  readonly pq: Pqgate;
  /** Wraps session keys at rest (the keystore root). */
  readonly keystore: Keystore;
  readonly keys: KemKeySource;
  readonly clock: Clock;
  /** When cached sessions may be served (the read-path caches' coherence). */
  readonly coherence: CacheCoherence;
  /** Longest and default lifetime (default {@link SESSION_TTL_SECONDS}). */
  readonly ttlSeconds?: number;
  /** Sessions in the database, all owners (default 10 000); also the cache's capacity. */
  readonly capacity?: number;
  /** Sessions per owner in the database (default 1 000). */
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
  readonly #cache: SessionCache;
  readonly #maxTtl: number;
  readonly #bounds: { capacity: number; maxPerOwner: number };

  constructor(deps: SessionServiceDeps) {
    this.#deps = deps;
    this.#maxTtl = deps.ttlSeconds ?? SESSION_TTL_SECONDS;
    this.#bounds = { capacity: deps.capacity ?? 10_000, maxPerOwner: deps.maxPerOwner ?? 1_000 };
    this.#cache = new SessionCache(deps.coherence, this.#bounds.capacity);
  }

  /** Sessions held open in this process's cache. */
  get cached(): number {
    return this.#cache.size;
  }

  /**
   * Encapsulates to the client's public key. No gateway key pair is created: the only
   * handle is the imported public key, freed at once.
   *
   * @throws {SessionError} `invalid-crypto-input` for a public key of the wrong size.
   * @throws {PqError} `INVALID_KEY` for a key that fails the FIPS 203 §7.2 check.
   */
  async createWithClientKey(input: ClientKeyInput): Promise<EstablishedSession> {
    const { pq } = this.#deps;
    this.#requireSize("clientPublicKey", input.clientPublicKey, pq.algorithmSizes(input.algorithm).publicKey);
    let encapsulated;
    {
      using publicKey = pq.importPublicKey(input.algorithm, input.clientPublicKey);
      encapsulated = publicKey.encapsulate();
    }
    const { ciphertext, sharedSecret } = encapsulated;
    const fields = {
      mode: "client-key",
      algorithm: input.algorithm,
      clientPublicKey: input.clientPublicKey,
      ciphertext,
    } as const;
    return { ...await this.#establish(input.holder, fields, sharedSecret, input.ttlSeconds), ciphertext };
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
    // No await until both are taken: the cached handle cannot be evicted under us.
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
    return { ...await this.#establish(holder, fields, sharedSecret, input.ttlSeconds), version };
  }

  /**
   * Checks the client's confirmation tag. A mismatch ends the session: its keys differ, so
   * nothing sealed under it could be opened by the other side.
   *
   * @throws {SessionError} `session-confirmation-failed`; `session-not-found`, `session-expired`.
   */
  async confirm(holder: SessionHolder, sessionId: Uint8Array, confirmation: Uint8Array): Promise<void> {
    const id = toHex(sessionId);
    const matches = await this.#use(holder, id, (entry) => constantTimeEqual(entry.clientConfirmation, confirmation));
    if (!matches) {
      await this.#end(id);
      throw new SessionError(
        "session-confirmation-failed",
        "The confirmation does not match: the two sides derived different keys. The session is ended.",
      );
    }
    await markSessionConfirmed(this.#deps.db, id, this.#deps.clock.now());
  }

  /** Seals under the session key: `nonce (12) ‖ ciphertext ‖ tag (16)`. @throws {SessionError} `session-not-found`, `session-expired`. */
  seal(holder: SessionHolder, sessionId: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
    return this.#use(holder, toHex(sessionId), (entry) => entry.key.encrypt(aad, plaintext));
  }

  /**
   * Opens `nonce ‖ ciphertext ‖ tag` under the session key.
   *
   * @throws {SessionError} `decryption-failed` (tampered, wrong aad, another session's);
   * `session-not-found`, `session-expired`.
   */
  open(holder: SessionHolder, sessionId: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
    return this.#use(holder, toHex(sessionId), (entry) => {
      try {
        return entry.key.decrypt(aad, sealed);
      } catch {
        // Every failure to open is the same answer: which check failed is not the client's business.
        throw new SessionError("decryption-failed", "The sealed data does not open under this session and aad.");
      }
    });
  }

  /** Ends a session on every replica and frees its key. @throws {SessionError} `session-not-found`, `session-expired`. */
  async end(holder: SessionHolder, sessionId: Uint8Array): Promise<void> {
    const id = toHex(sessionId);
    await this.#use(holder, id, () => undefined);
    await this.#end(id);
  }

  /** Deletes the sessions expired by now (the periodic sweep); returns how many. */
  purgeExpired(): Promise<number> {
    return purgeExpiredSessions(this.#deps.db, this.#deps.clock.now());
  }

  /** Frees every cached session key (shutdown); the sessions live on in the database. */
  [Symbol.dispose](): void {
    this.#cache[Symbol.dispose]();
  }

  /**
   * Runs `use` on the live session `id` if `holder` may use it: its owner, the very token that
   * established it, and (`gateway-key` mode) a key pattern that still allows the session's key.
   * Anything else is `session-not-found`, the answer for an unknown id, so ids cannot be probed
   * (a neighbour's expired session included). From the cache when it holds the session, else
   * from its row (opened through the keystore, then cached).
   */
  async #use<T>(holder: SessionHolder, id: string, use: (entry: SessionEntry) => T): Promise<T> {
    let entry = this.#cache.get(id);
    let owned = entry !== undefined;
    if (entry === undefined) {
      const ticket = this.#deps.coherence.ticket();
      const row = await findSession(this.#deps.db, id);
      if (row === undefined || !this.#allowed(holder, row)) throw notFound();
      if (this.#now() >= row.expiresAt.getTime()) return await this.#expire(id);
      entry = this.#open(row);
      owned = this.#cache.set(id, entry, ticket);
    } else if (!this.#allowed(holder, entry)) {
      throw notFound();
    } else if (this.#now() >= entry.expiresAt) {
      return await this.#expire(id);
    }
    try {
      // Ended meanwhile (dropped by a notification while the row was read): as if never found.
      if (entry.ended) throw notFound();
      return use(entry);
    } finally {
      if (!owned) endEntry(entry);
    }
  }

  #allowed(holder: SessionHolder, session: { owner: string; tokenId: string; keyName: string | null }): boolean {
    return session.owner === holder.owner && session.tokenId === holder.tokenId &&
      (session.keyName === null || keyNameMatches(holder.keyPattern, session.keyName));
  }

  /** An expired session: `session-expired` for the one call whose delete removes it, then not found. */
  async #expire(id: string): Promise<never> {
    this.#cache.drop(id);
    if (await deleteSession(this.#deps.db, id)) {
      throw new SessionError("session-expired", "The session has expired; establish a new one.");
    }
    throw notFound();
  }

  async #end(id: string): Promise<void> {
    this.#cache.drop(id);
    await deleteSession(this.#deps.db, id);
  }

  /** Opens a row; one that does not open (tampered, or its root is gone) is not found. */
  #open(row: SessionRow): SessionEntry {
    try {
      const { key, clientConfirmation } = openSession(this.#deps.pq, this.#deps.keystore, row);
      const { owner, tokenId, keyName } = row;
      return { owner, tokenId, keyName, key, clientConfirmation, expiresAt: row.expiresAt.getTime(), ended: false };
    } catch (error) {
      if (error instanceof PqError && error.code === PqStatus.KEYSTORE_UNAVAILABLE) throw error;
      throw notFound();
    }
  }

  async #establish(
    holder: SessionHolder,
    fields: Omit<TranscriptFields, "sessionId">,
    sharedSecret: Uint8Array,
    ttlSeconds: number | undefined,
  ): Promise<Omit<EstablishedSession, "ciphertext" | "version">> {
    const { pq, keystore, db } = this.#deps;
    const sessionId = pq.randomBytes(SESSION_ID_BYTES);
    let secrets;
    try {
      secrets = deriveSessionSecrets(pq, sharedSecret, sessionTranscript({ ...fields, sessionId }));
    } finally {
      sharedSecret.fill(0);
    }
    let key;
    try {
      key = pq.importPrivateKey(SESSION_AEAD, secrets.sessionKey);
    } finally {
      secrets.sessionKey.fill(0);
    }
    const now = this.#now();
    const ttl = Math.min(ttlSeconds ?? this.#maxTtl, this.#maxTtl);
    const expiresAt = new Date(now + ttl * 1000);
    const entry: SessionEntry = {
      owner: holder.owner,
      tokenId: holder.tokenId,
      keyName: fields.keyName ?? null,
      key,
      clientConfirmation: secrets.clientConfirmation,
      expiresAt: expiresAt.getTime(),
      ended: false,
    };
    try {
      const id = toHex(sessionId);
      const row: SessionRowFields = {
        id,
        owner: holder.owner,
        tokenId: holder.tokenId,
        mode: fields.mode,
        algorithm: fields.algorithm,
        keyName: fields.keyName ?? null,
        keyVersion: fields.keyVersion ?? null,
        expiresAt,
      };
      const sealed = sealSession(pq, keystore, row, key, secrets.clientConfirmation);
      const ended = await insertSession(db, { ...row, ...sealed, createdAt: new Date(now) }, this.#bounds);
      for (const old of ended) this.#cache.drop(old);
      // Taken after the insert: no other replica can know the new id yet, so nothing can race it.
      if (!this.#cache.set(id, entry, this.#deps.coherence.ticket())) endEntry(entry);
      return {
        sessionId,
        mode: fields.mode,
        algorithm: fields.algorithm,
        expiresAt,
        confirmation: secrets.gatewayConfirmation,
      };
    } catch (error) {
      endEntry(entry);
      throw error;
    }
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

function notFound(): SessionError {
  return new SessionError("session-not-found", "No such session.");
}
