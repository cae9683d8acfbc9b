/**
 * The per-version message budget of encryption keys under random 96-bit nonces.
 *
 * Two messages under one key collide in their nonce with probability about n²/2⁹⁷ after n
 * messages (birthday bound); keeping that below 2⁻³² needs n ≤ 2³²·√2, so each version
 * encrypts at most {@link MESSAGE_LIMIT} = 2³² messages (docs/ENCRYPTION.md).
 *
 * Counting without a database write per request: a process reserves a block of messages with
 * one atomic `UPDATE … RETURNING` and spends it locally. A block counts as used once reserved,
 * whether or not it is spent (a restart or crash forfeits the rest), so the database's count
 * only ever overstates what was encrypted.
 *
 * @module
 */

import type { Database } from "../../db/client.ts";
import { reserveMessages } from "../../db/keys.ts";

/** Messages one key version may encrypt: 2³². */
export const MESSAGE_LIMIT = 2 ** 32;
/** Messages reserved per database round trip (2³² is a multiple, so no budget is lost). */
export const RESERVATION_BLOCK = 4096;

/** The limit and block size (tests make both tiny; production uses the defaults). */
export interface NonceBudgetSettings {
  readonly messageLimit: number;
  readonly reservationBlock: number;
}

/** A process's reserved, unspent messages per key version. */
export class NonceBudget {
  readonly #db: Database;
  readonly #limit: number;
  readonly #block: number;
  readonly #left = new Map<string, number>();

  constructor(db: Database, settings: Partial<NonceBudgetSettings> = {}) {
    this.#db = db;
    this.#limit = settings.messageLimit ?? MESSAGE_LIMIT;
    this.#block = Math.min(settings.reservationBlock ?? RESERVATION_BLOCK, this.#limit);
  }

  /** Spends one message of version `version` of key `keyId`; `false` once its limit is reached. */
  async take(keyId: string, version: number): Promise<boolean> {
    const id = `${keyId}:${version}`;
    if (this.#spend(id)) return true;
    if (!(await reserveMessages(this.#db, keyId, version, this.#block, this.#limit))) return false;
    this.#left.set(id, (this.#left.get(id) ?? 0) + this.#block);
    return this.#spend(id);
  }

  #spend(id: string): boolean {
    const left = this.#left.get(id) ?? 0;
    if (left === 0) return false;
    if (left === 1) this.#left.delete(id);
    else this.#left.set(id, left - 1);
    return true;
  }
}
