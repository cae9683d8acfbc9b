/**
 * The TPM fleet (docs/FLEET.md): one key set served by many nodes, each with its own TPM.
 *
 * The roots of a `tpm-fleet` keystore are fleet KEKs. Their plaintext lives only in Rust
 * (behind the keystore handle); this module moves only opaque bytes: KEKs sealed by a node's
 * TPM, X-Wing transfer public keys and TPM-sealed transfer seeds, and HPKE ciphertexts of a
 * KEK to a joining node. It keeps the database and the keystore in step:
 *
 * - {@link FleetNode.load} (at start, before rotations, and periodically): found the fleet on an
 *   empty database, else load this node's sealed KEKs, import the ones still in transfer (then
 *   store them sealed by this node's TPM), and forget KEKs retired elsewhere.
 * - {@link FleetNode.issueJoinToken}, {@link FleetNode.join}, {@link FleetNode.approve}: the join.
 * - {@link FleetNode.revoke} and {@link FleetNode.rotate}: a new KEK exported to every active
 *   node, every envelope re-wrapped (the root rotation's sweep), the old KEKs retired.
 *
 * @module
 */

import { type Keystore, PqError, type Pqgate, PqStatus, type RootKeyInfo } from "../../../ffi/mod.ts";
import { u32be } from "../../common/bytes.ts";
import { toBase64Url } from "../../common/base64url.ts";
import type { Database } from "../../db/client.ts";
import {
  changeNodeStatus,
  deleteKeksExcept,
  fleetFounded,
  fleetKekList,
  fleetNode,
  fleetNodeCopies,
  fleetNodeList,
  type FleetNodeRow,
  insertFleetKek,
  insertJoinToken,
  insertTransferCopies,
  missingCopies,
  registerPendingNode,
  storeSealedCopy,
} from "../../db/fleet.ts";
import { finishRootRotation, type RootRotationReport, type RotationOptions } from "../keys/root-rotation.ts";

/** `pq_keystore_fleet` operations. */
const OP = { create: 1, seal: 2, load: 3, transferKey: 4, export: 5, import: 6, forgetAll: 7 } as const;
/** Room for any fleet operation's output (a transfer key is 1216 bytes plus a sealed seed). */
const OUT_CAP = 4096;
const XWING_PUBLIC_LEN = 1216;
const NONE = new Uint8Array(0);
const encoder = new TextEncoder();

/** Default life of a join token (seconds). */
export const JOIN_TOKEN_TTL_SECONDS = 900;

/** Options of a fleet rotation. */
export interface FleetRotationOptions extends RotationOptions {
  /** Called once the new KEK is stored and exported to every active node, before any re-wrap. */
  readonly onKekStored?: (sequence: number) => void;
}

/** A fleet refusal, for the operator CLI: `reason` is stable, `message` names what to do. */
export class FleetError extends Error {
  override readonly name = "FleetError";
  constructor(
    readonly reason: "not-joined" | "pending" | "revoked" | "token-invalid" | "node-exists" | "unknown-node" | "state",
    message: string,
  ) {
    super(message);
  }
}

/** What {@link FleetNode.load} found this node to be. */
export type FleetMembership = "founded" | "active" | "pending" | "revoked" | "not-joined";

/** HPKE context of a KEK sent to `node`: binds the node and the KEK id. */
function transferContext(node: string, kekId: Uint8Array): Uint8Array {
  return encoder.encode(`pqgate-fleet/v1|node=${node}|kek=${toHex(kekId)}`);
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** This node of the fleet: its name, its keystore and the shared database. */
export class FleetNode {
  constructor(
    private readonly db: Database,
    private readonly pq: Pqgate,
    private readonly keystore: Keystore,
    readonly name: string,
  ) {}

  #call(op: number, a: Uint8Array = NONE, b: Uint8Array = NONE, c: Uint8Array = NONE): Uint8Array {
    return this.keystore.fleetCall(op, a, b, c, OUT_CAP);
  }

  /** The KEKs loaded in this process ([] when none: the keystore then reports itself unavailable). */
  loaded(): RootKeyInfo[] {
    try {
      return this.keystore.roots();
    } catch {
      return [];
    }
  }

  #forgetAll(): void {
    this.#call(OP.forgetAll);
  }

  /**
   * Brings this process in step with the database; see the module documentation. A node
   * that never joined, is pending or is revoked loads nothing (its keystore answers
   * `KEYSTORE_UNAVAILABLE`); the result says which.
   */
  async load(): Promise<FleetMembership> {
    const row = await fleetNode(this.db, this.name);
    if (row === undefined) {
      if (await fleetFounded(this.db)) return "not-joined";
      return await this.#found();
    }
    if (row.status === "revoked") {
      this.#forgetAll();
      return "revoked";
    }
    if (row.status === "pending") return "pending";
    await this.#loadCopies(row);
    return "active";
  }

  async #found(): Promise<FleetMembership> {
    const kek = this.#createKek(1);
    const sealed = this.#call(OP.seal, kek.id);
    // The founder gets a transfer key too, so KEKs another node makes later reach it.
    const transfer = this.#call(OP.transferKey);
    const founder = { publicKey: transfer.slice(0, XWING_PUBLIC_LEN), sealedSeed: transfer.slice(XWING_PUBLIC_LEN) };
    try {
      if (await insertFleetKek(this.db, kek, this.name, sealed, founder)) return "founded";
    } catch {
      // Another node founded the fleet at the same moment: this one has to join it.
    }
    this.#forgetAll();
    return await this.load();
  }

  #createKek(sequence: number): { id: Uint8Array; sequence: number } {
    return { id: this.#call(OP.create, u32be(sequence)), sequence };
  }

  async #loadCopies(row: FleetNodeRow): Promise<void> {
    const copies = await fleetNodeCopies(this.db, this.name);
    const loaded = new Set(this.loaded().map((r) => r.idHex));
    for (const copy of copies) {
      if (loaded.has(toHex(copy.kekId))) continue;
      if (copy.sealed !== null) {
        const root = this.#call(OP.load, copy.sealed);
        if (!sameBytes(root.subarray(4), copy.kekId)) throw new Error("a sealed fleet KEK names another KEK id");
      } else if (copy.transferCiphertext !== null) {
        const context = transferContext(this.name, copy.kekId);
        const root = this.#call(OP.import, row.transferSealedSeed, copy.transferCiphertext, context);
        if (!sameBytes(root.subarray(4), copy.kekId)) throw new Error("a transferred fleet KEK names another KEK id");
        await storeSealedCopy(this.db, this.name, copy.kekId, this.#call(OP.seal, copy.kekId));
      }
    }
    // KEKs retired elsewhere (their rows are gone): forget them, oldest first.
    const live = new Set(copies.map((c) => toHex(c.kekId)));
    for (const root of this.loaded()) {
      if (!live.has(root.idHex)) {
        try {
          this.keystore.retireRoot(root.id);
        } catch {
          // Only the current root is refused, and a live KEK newer than it was loaded above.
        }
      }
    }
  }

  /** Issues a one-time join token (only its SHA-256 is stored); returns the token. */
  async issueJoinToken(now: Date, ttlSeconds = JOIN_TOKEN_TTL_SECONDS): Promise<{ token: string; expiresAt: Date }> {
    await this.#requireActive();
    const secret = this.pq.randomBytes(32);
    const token = `pqfj_${toBase64Url(secret)}`;
    secret.fill(0);
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    await insertJoinToken(this.db, this.#tokenHash(token), expiresAt);
    return { token, expiresAt };
  }

  #tokenHash(token: string): Uint8Array {
    return this.pq.hash("SHA-256", encoder.encode(`pqgate-fleet-join-token|${token}`));
  }

  /**
   * Registers this node as pending with a fresh transfer key (its seed sealed by this TPM),
   * using `token` once.
   *
   * @throws {FleetError} `token-invalid` (unknown, used or expired), `node-exists`.
   */
  async join(token: string, now: Date): Promise<{ transferKeySha256: string }> {
    const transfer = this.#call(OP.transferKey);
    const publicKey = transfer.slice(0, XWING_PUBLIC_LEN);
    const result = await registerPendingNode(this.db, this.#tokenHash(token), now, {
      name: this.name,
      transferPublicKey: publicKey,
      transferSealedSeed: transfer.slice(XWING_PUBLIC_LEN),
    });
    if (result === "token-invalid") {
      throw new FleetError("token-invalid", "the join token is unknown, already used or expired: issue a new one");
    }
    if (result === "node-exists") {
      throw new FleetError("node-exists", `a node named ${this.name} is already registered in the fleet`);
    }
    return { transferKeySha256: toHex(this.pq.hash("SHA-256", publicKey)) };
  }

  /**
   * Approves a pending node: exports every live KEK to its transfer key (in Rust; only
   * ciphertexts are written) and makes it active.
   *
   * @throws {FleetError} `unknown-node`, `state` (not pending), `not-joined` (this node).
   */
  async approve(node: string): Promise<{ keks: number }> {
    await this.#requireActive();
    const row = await fleetNode(this.db, node);
    if (row === undefined) throw new FleetError("unknown-node", `no node named ${node} has asked to join`);
    if (row.status !== "pending") throw new FleetError("state", `node ${node} is ${row.status}, not pending`);
    const copies = (await fleetKekList(this.db)).map((kek) => ({
      kekId: kek.id,
      transferCiphertext: this.#call(OP.export, kek.id, row.transferPublicKey, transferContext(node, kek.id)),
    }));
    if (!(await changeNodeStatus(this.db, node, ["pending"], "active", copies))) {
      throw new FleetError("state", `node ${node} changed status meanwhile`);
    }
    return { keks: copies.length };
  }

  /**
   * Revokes a node (its copies are deleted), then rotates the fleet KEK so its sealed copies
   * open nothing written afterwards, and re-wraps every envelope.
   *
   * @throws {FleetError} `unknown-node`, `state` (already revoked, or this node).
   */
  async revoke(node: string, options: FleetRotationOptions = {}): Promise<RootRotationReport> {
    if (node === this.name) throw new FleetError("state", "a node cannot revoke itself: revoke it from another node");
    await this.#requireActive();
    const row = await fleetNode(this.db, node);
    if (row === undefined) throw new FleetError("unknown-node", `no node named ${node} in the fleet`);
    if (row.status !== "revoked" && !(await changeNodeStatus(this.db, node, ["pending", "active"], "revoked"))) {
      throw new FleetError("state", `node ${node} changed status meanwhile`);
    }
    return await this.rotate(options);
  }

  /** A new fleet KEK (stored sealed for this node, exported to every other active node), then {@link finish}. */
  async rotate(options: FleetRotationOptions = {}): Promise<RootRotationReport> {
    await this.#requireActive();
    const newest = (await fleetKekList(this.db)).at(-1)?.sequence ?? 0;
    const kek = this.#createKek(newest + 1);
    const sealed = this.#call(OP.seal, kek.id);
    if (!(await insertFleetKek(this.db, kek, this.name, sealed))) {
      // Another rotation took this sequence: drop ours (it is current, so not by retiring it).
      this.#forgetAll();
      await this.load();
      throw new FleetError("state", "another fleet rotation made a KEK meanwhile: run `root-key finish`");
    }
    await this.distribute();
    options.onKekStored?.(kek.sequence);
    return await this.finish(options);
  }

  /**
   * Finishes a fleet rotation (also after a crash): loads what this node lacks, exports every
   * live KEK to every active node that has no copy, re-wraps every envelope under the newest
   * KEK, then retires the older KEKs here and deletes their rows (every node's copies).
   */
  async finish(options: RotationOptions = {}): Promise<RootRotationReport> {
    await this.#requireActive();
    // Only a node holding the newest live KEK may finish: another would re-wrap under an older
    // one and then delete the newer KEK's rows.
    const newest = (await fleetKekList(this.db)).at(-1);
    if (newest !== undefined && !this.loaded().some((r) => sameBytes(r.id, newest.id))) {
      throw new FleetError(
        "state",
        `this node does not hold fleet KEK ${newest.sequence} (not yet sent to it): finish on the node that made it`,
      );
    }
    await this.distribute();
    const report = await finishRootRotation(this.db, this.pq, this.keystore, options);
    if (report.failed === 0) await deleteKeksExcept(this.db, this.loaded().map((r) => r.id));
    return report;
  }

  /** Exports each live KEK to each active node without a copy. Returns how many were written. */
  async distribute(): Promise<number> {
    const missing = await missingCopies(this.db);
    const have = new Set(this.loaded().map((r) => r.idHex));
    const rows = missing.filter((m) => m.node !== this.name && have.has(toHex(m.kekId))).map((m) => ({
      node: m.node,
      kekId: m.kekId,
      transferCiphertext: this.#call(OP.export, m.kekId, m.publicKey, transferContext(m.node, m.kekId)),
    }));
    await insertTransferCopies(this.db, rows);
    return rows.length;
  }

  /** Every node with its status (for `cli fleet nodes`). */
  async nodes(): Promise<{ name: string; status: string; transferKeySha256: string | null }[]> {
    return (await fleetNodeList(this.db)).map((n) => ({
      name: n.name,
      status: n.status,
      transferKeySha256: n.transferPublicKey.length === 0 ? null : toHex(this.pq.hash("SHA-256", n.transferPublicKey)),
    }));
  }

  async #requireActive(): Promise<void> {
    const state = await this.load();
    if (state === "active" || state === "founded") return;
    const hint: Record<string, string> = {
      "not-joined": `this node (${this.name}) has not joined the fleet: \`cli fleet join --token …\``,
      pending: `this node (${this.name}) awaits approval: \`cli fleet approve ${this.name}\` on an active node`,
      revoked: `this node (${this.name}) was revoked from the fleet`,
    };
    throw new FleetError(state as "not-joined" | "pending" | "revoked", hint[state] ?? state);
  }
}

/**
 * The root-key operations (`POST /v1/keystore/root/*`, `cli root-key`) of a fleet node: a
 * rotation makes a new fleet KEK. A node that is not an active member is refused with
 * `KEYSTORE_UNAVAILABLE` (its keystore has no KEK), as every key operation is.
 */
export function fleetRootKey(
  node: FleetNode,
): { rotate(): Promise<RootRotationReport>; finish(): Promise<RootRotationReport> } {
  const unavailable = (error: unknown): never => {
    if (error instanceof FleetError) {
      throw new PqError("pq_keystore_fleet", PqStatus.KEYSTORE_UNAVAILABLE, error.message);
    }
    throw error;
  };
  return { rotate: () => node.rotate().catch(unavailable), finish: () => node.finish().catch(unavailable) };
}
