/**
 * Key bindings: every stored version's public key and private-key form (device reference)
 * carry a MAC binding them to their key, under a keystore-held MAC key
 * (`integrity/sealed-mac-key.ts`), checked before the version is used or shown. Without it a
 * database writer could copy key A's device reference into key B's row (B's token then signs
 * with A's device key, B's deletion destroys A's device key) or swap a public key (`/verify`
 * trusts it, clients encrypt to it).
 *
 * ```text
 * binding_mac = HKDF-SHA-256(IKM = mac key, salt = "", info = "pqgate/key-binding/v1" ‖ SHA-256(encoding), L = 32)
 * encoding    = lengthPrefixed("pqgate/key-binding/v1", name₁, value₁, name₂, value₂, …)
 * ```
 *
 * The fields are listed once, in {@link BOUND_FIELDS}: owner, namespace, name, key id, version,
 * algorithm, protection, public key, private form (`envelope` | `native`), device reference,
 * hybrid signature scheme (so a scheme 2 version cannot be turned back into scheme 1).
 * Each is encoded as its name and value; a field whose value is null is left out, so a later
 * nullable column is one more line there and leaves the MACs of rows without it valid. The
 * envelope itself is not MAC'd: its AEAD associated data already binds key id, version, owner
 * and algorithm (moving it makes it fail to open), and root rotation re-wraps it.
 *
 * The MAC key is made on the first start after the upgrade that added `binding_mac`, and every
 * existing version is bound in the same transaction, but only after it is proven: an
 * envelope must open for its (key id, version, owner, algorithm) to the stored public key, a
 * device key must be found by its reference and have the stored public key. A row that fails
 * stays without a MAC and is refused from then on, so a row tampered before the upgrade is not
 * laundered. Trust on upgrade: which key's row a device reference sat in, and the name,
 * namespace and protection columns, cannot be proven for rows written before; they are bound
 * as found. Once the key exists, a version without a MAC is refused, and a missing key row
 * with bound versions in the database is not made again (that would re-bind whatever the
 * database holds): the gateway reports itself not ready until the row is restored.
 *
 * @module
 */

import type { Algorithm, Keystore, NativeAlgorithm, Pqgate, RootKeyInfo } from "../../../ffi/mod.ts";
import type { Database } from "../../db/client.ts";
import * as repo from "../../db/keys.ts";
import { concat, lengthPrefixed, splitLengthPrefixed, u32be } from "../../common/bytes.ts";
import type { Clock } from "../../common/clock.ts";
import { HYBRID, HYBRID_PARTS } from "../../common/hybrid.ts";
import { constantTimeEqual } from "../constant-time.ts";
import {
  type MacKey,
  openSealedMacKey,
  rewrapSealedMacKey,
  type SealedMacKeyPurpose,
  type SealedMacKeyRecord,
  sealMacKey,
} from "../integrity/sealed-mac-key.ts";
import { KeyError } from "./errors.ts";

/** The label that starts the encoding and the MAC's `info`. */
export const KEY_BINDING_LABEL = "pqgate/key-binding/v1";

/** The key-binding key's envelope identity and derivation. */
const PURPOSE: SealedMacKeyPurpose = {
  name: "the key-binding key",
  binding: { keyId: KEY_BINDING_LABEL, version: 1, owner: "" },
  label: "pqgate/key-binding/mac-key/v1",
  context: new TextEncoder().encode(KEY_BINDING_LABEL),
};

/** The key row's fields a binding covers. */
export type BoundKey = Pick<repo.KeyRow, "id" | "owner" | "namespace" | "name" | "algorithm" | "protection">;
/** The version row's fields a binding covers. */
export type BoundVersion = Pick<repo.KeyVersionRow, "version" | "publicKey" | "nativeReference" | "hybridScheme">;

type FieldValue = Uint8Array | string | null;

/** Every bound field, in encoding order: the one list to extend (a null value is left out). */
const BOUND_FIELDS: readonly (readonly [string, (key: BoundKey, v: BoundVersion) => FieldValue])[] = [
  ["owner", (key) => key.owner],
  ["namespace", (key) => key.namespace],
  ["name", (key) => key.name],
  ["key id", (key) => key.id],
  ["version", (_, v) => u32be(v.version)],
  ["algorithm", (key) => key.algorithm],
  ["protection", (key) => key.protection],
  ["public key", (_, v) => v.publicKey],
  ["private form", (_, v) => (v.nativeReference === null ? "envelope" : "native")],
  ["native reference", (_, v) => v.nativeReference],
  ["hybrid scheme", (_, v) => (v.hybridScheme === null ? null : u32be(v.hybridScheme))],
];

/** The canonical encoding a version's binding MAC covers. */
export function keyBindingEncoding(key: BoundKey, version: BoundVersion): Uint8Array {
  const fields = BOUND_FIELDS.flatMap(([name, value]) => {
    const bytes = value(key, version);
    return bytes === null ? [] : [name, bytes];
  });
  return lengthPrefixed([KEY_BINDING_LABEL, ...fields]);
}

/** What the first start after the upgrade did with the versions that existed before. */
export interface BindingUpgrade {
  readonly bound: number;
  /** Versions that failed their proof and stay refused (key id and version only). */
  readonly refused: readonly { readonly keyId: string; readonly version: number }[];
  /** Whether {@link KeyBindingDeps.recordUpgrade} stored it (false: it failed, or there is none). */
  readonly recorded: boolean;
}

/** Why no binding can be checked: the key row is gone while bound versions exist, or does not open. */
export class KeyBindingKeyUnavailable extends Error {
  override readonly name = "KeyBindingKeyUnavailable";
}

/** What {@link KeyBindings} needs. */
export interface KeyBindingDeps {
  readonly db: Database;
  readonly pq: Pqgate;
  readonly keystore: Keystore;
  readonly clock: Clock;
  /** Records the one-time binding of existing versions (in the audit trail), after it committed. */
  readonly recordUpgrade?: (upgrade: Omit<BindingUpgrade, "recorded">) => Promise<unknown>;
}

const UPGRADE_BATCH = 200;

/** The key-binding key of one process: made or opened once, then MACs and checks. */
export class KeyBindings {
  readonly #deps: KeyBindingDeps;
  #key: Promise<MacKey> | undefined;
  /** Set by the start that made the key: what became of the versions that existed before. */
  upgrade: BindingUpgrade | undefined;

  constructor(deps: KeyBindingDeps) {
    this.#deps = deps;
  }

  /**
   * The opened key, made (binding every existing version) if there is none. A failed attempt
   * is retried by the next call.
   *
   * @throws {KeyBindingKeyUnavailable} when the key row is missing while bound versions exist,
   * or does not open under this keystore; {PqError} `KEYSTORE_UNAVAILABLE`; storage faults.
   */
  ensure(): Promise<MacKey> {
    this.#key ??= this.#open().catch((error: unknown) => {
      this.#key = undefined;
      throw error;
    });
    return this.#key;
  }

  /** The MAC of a version about to be stored. */
  async mac(key: BoundKey, version: BoundVersion): Promise<Uint8Array> {
    return (await this.#opened()).mac(KEY_BINDING_LABEL, keyBindingEncoding(key, version));
  }

  /**
   * Refuses a version whose MAC is missing or does not cover these fields.
   *
   * @throws {KeyError} `key-integrity-failed`.
   */
  async check(key: BoundKey, version: BoundVersion & { readonly bindingMac: Uint8Array | null }): Promise<void> {
    const mac = await this.#opened();
    const where = `version ${version.version} of key ${key.name} (${key.id})`;
    if (version.bindingMac === null) {
      throw new KeyError("key-integrity-failed", `${where} carries no binding MAC; it is refused`);
    }
    if (!mac.verify(KEY_BINDING_LABEL, keyBindingEncoding(key, version), version.bindingMac)) {
      throw new KeyError("key-integrity-failed", `${where} is not bound to this key: its stored row was changed`);
    }
  }

  /**
   * Waits until bindings can be checked: call it before reading the rows to check, since on the
   * first start the binding of existing versions happens here.
   *
   * @throws {KeyError} `key-integrity-failed` when no binding can be checked.
   */
  async ready(): Promise<void> {
    await this.#opened();
  }

  async #opened(): Promise<MacKey> {
    try {
      return await this.ensure();
    } catch (error) {
      if (!(error instanceof KeyBindingKeyUnavailable)) throw error;
      throw new KeyError("key-integrity-failed", "Key bindings cannot be checked now: see the gateway's readiness", {
        cause: error,
      });
    }
  }

  async #open(): Promise<MacKey> {
    const { db, pq, keystore, clock } = this.#deps;
    const existing = await repo.readKeyBindingKey(db);
    if (existing !== undefined) return openKey(pq, keystore, existing);
    let upgrade: Omit<BindingUpgrade, "recorded"> | undefined;
    const key = await db.transaction(async (tx) => {
      await repo.lockKeyBindings(tx);
      const row = await repo.readKeyBindingKey(tx);
      if (row !== undefined) return openKey(pq, keystore, row); // another replica made it meanwhile
      const bound = await repo.boundVersionCount(tx);
      if (bound > 0) {
        throw new KeyBindingKeyUnavailable(
          `the key-binding key is missing while ${bound} key version(s) are bound: restore the key_binding_key ` +
            "row from a backup; the gateway does not make a new one (that would re-bind whatever the database holds)",
        );
      }
      const record = sealMacKey(pq, keystore, PURPOSE);
      await repo.insertKeyBindingKey(tx, { ...record, createdAt: clock.now() });
      const mac = openKey(pq, keystore, record);
      upgrade = await bindExisting(tx, keystore, mac);
      return mac;
    });
    if (upgrade !== undefined) {
      // Recorded only when there was something to bind (a fresh database has nothing). The
      // binding committed: a lost record is reported (`recorded`), not a reason to refuse keys.
      const some = upgrade.bound + upgrade.refused.length > 0;
      const recorded = some && (await this.#deps.recordUpgrade?.(upgrade).then(() => true, () => false) ?? false);
      this.upgrade = { ...upgrade, recorded };
    }
    return key;
  }
}

/**
 * Re-wraps the key-binding key's envelope under `root` (root rotation); whether it moved.
 * Throws when it cannot be re-wrapped (the rotation then keeps the older roots).
 */
export async function rewrapKeyBindingKey(db: Database, keystore: Keystore, root: RootKeyInfo): Promise<boolean> {
  const row = await repo.readKeyBindingKey(db);
  if (row === undefined) return false;
  const next = rewrapSealedMacKey(keystore, PURPOSE, row, root);
  return next !== undefined && await repo.replaceKeyBindingKeyEnvelope(db, row.envelope, next, root.id);
}

/**
 * A fresh key-binding key sealed under the keystore's current root, and its opened MAC key: for
 * a fleet's founding, which stores it in the transaction that stores the first fleet KEK
 * (`fleet/fleet-service.ts`), so the founder's membership MAC is written with it.
 */
export function sealKeyBindingKey(pq: Pqgate, keystore: Keystore): { record: SealedMacKeyRecord; mac: MacKey } {
  const record = sealMacKey(pq, keystore, PURPOSE);
  return { record, mac: openKey(pq, keystore, record) };
}

/**
 * The stored key-binding key `record` opened under the keystore's loaded roots, never made: for a
 * fleet node checking the transfer MACs of KEKs it has just imported (`fleet/fleet-service.ts`).
 *
 * @throws {KeyBindingKeyUnavailable} when it does not open; {PqError} `KEYSTORE_UNAVAILABLE`.
 */
export function openKeyBindingKey(pq: Pqgate, keystore: Keystore, record: repo.KeyBindingKeyRow): MacKey {
  return openKey(pq, keystore, record);
}

function openKey(pq: Pqgate, keystore: Keystore, record: repo.KeyBindingKeyRow | ReturnType<typeof sealMacKey>) {
  try {
    return openSealedMacKey(pq, keystore, PURPOSE, record);
  } catch (error) {
    if ((error as { status?: string }).status === "KEYSTORE_UNAVAILABLE") throw error;
    throw new KeyBindingKeyUnavailable((error as Error).message, { cause: error });
  }
}

/** Binds every version that has no MAC yet, after proving it against its private key. */
async function bindExisting(tx: Database, keystore: Keystore, mac: MacKey): Promise<Omit<BindingUpgrade, "recorded">> {
  let bound = 0;
  const refused: { keyId: string; version: number }[] = [];
  let after: { keyId: string; version: number } | undefined;
  for (;;) {
    const batch = await repo.unboundVersions(tx, after, UPGRADE_BATCH);
    for (const { key, version } of batch) {
      after = { keyId: key.id, version: version.version };
      if (proven(keystore, key, version)) {
        await repo.setBindingMac(
          tx,
          key.id,
          version.version,
          mac.mac(KEY_BINDING_LABEL, keyBindingEncoding(key, version)),
        );
        bound++;
      } else {
        refused.push(after);
      }
    }
    if (batch.length < UPGRADE_BATCH) return { bound, refused };
  }
}

/**
 * Whether the stored public key is the one of the version's private key: the envelope opens
 * for (key id, version, owner, algorithm), or the device finds the referenced key. A keystore
 * outage is thrown (the whole binding is retried), any other failure is `false`.
 */
function proven(keystore: Keystore, key: repo.KeyRow, version: repo.KeyVersionRow): boolean {
  const binding = { keyId: key.id, version: version.version, owner: key.owner };
  try {
    let publicKey: Uint8Array;
    if (version.nativeReference !== null) {
      using device = keystore.loadNativeKey(key.algorithm as NativeAlgorithm, version.nativeReference);
      publicKey = device.publicKey();
    } else if (version.envelope === null) {
      return false;
    } else if (key.algorithm === HYBRID) {
      const parts = splitLengthPrefixed(version.envelope, HYBRID_PARTS.length);
      if (parts === undefined) return false;
      publicKey = concat(HYBRID_PARTS.map((part, i) => {
        using opened = keystore.unwrap(part, parts[i] as Uint8Array, binding);
        return opened.publicKey();
      }));
    } else {
      using opened = keystore.unwrap(key.algorithm as Algorithm, version.envelope, binding);
      publicKey = opened.publicKey();
    }
    return constantTimeEqual(publicKey, version.publicKey);
  } catch (error) {
    if ((error as { status?: string }).status === "KEYSTORE_UNAVAILABLE") throw error;
    return false;
  }
}
