/**
 * The key rows and key version rows of the read path, served from memory (`cache/`): a key by
 * (namespace, owner, name), and a version only after its binding MAC was checked
 * (`key-binding.ts`), filed under the key row fields it was checked with. Both are dropped when
 * their key, any of its versions or the key-binding key changes in the database (by any
 * replica, or by a direct write: the triggers notify), when the change feed drops, and after
 * their time to live.
 *
 * @module
 */

import type * as repo from "../../db/keys.ts";
import { CacheCoherence } from "../cache/coherence.ts";
import { RowCache } from "../cache/row-cache.ts";

/** Cached key rows and checked version rows. */
export class KeyRows {
  readonly #coherence: CacheCoherence;
  readonly #keys: RowCache<repo.KeyRow>;
  readonly #versions: RowCache<repo.KeyVersionRow>;

  /** `capacity` key rows and as many version rows; never serving without `coherence`. */
  constructor(capacity: number, coherence: CacheCoherence = new CacheCoherence(0)) {
    this.#coherence = coherence;
    const options = { capacity, table: "keys", flushOn: ["key_binding_key"] } as const;
    this.#keys = new RowCache(coherence, { ...options, idOf: (row) => row.id });
    this.#versions = new RowCache(coherence, { ...options, idOf: (row) => row.keyId });
  }

  /** The key row `name` of `owner` in `namespace`, from memory or `read`. */
  key(
    namespace: string,
    owner: string,
    name: string,
    read: () => Promise<repo.KeyRow | undefined>,
  ): Promise<repo.KeyRow | undefined> {
    return this.#keys.read(JSON.stringify([namespace, owner, name]), read);
  }

  /**
   * The version row filed under `id` (the key row fields it was checked with), from memory or
   * `read`, which must check its binding before it resolves.
   */
  async checkedVersion(id: string, read: () => Promise<repo.KeyVersionRow>): Promise<repo.KeyVersionRow> {
    return (await this.#versions.read(id, read)) as repo.KeyVersionRow;
  }

  /** This process changed key `keyId`: dropped here at once, before its notification arrives. */
  changed(keyId: string): void {
    this.#coherence.invalidate({ table: "keys", id: keyId });
  }
}
