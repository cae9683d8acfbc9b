/**
 * The TPM fleet (docs/FLEET.md): one key set served by many nodes, each with its own TPM.
 *
 * The roots of a `tpm-fleet` keystore are fleet KEKs. Their plaintext lives only in Rust
 * (behind the keystore handle); this module moves only opaque bytes: KEKs sealed by a node's
 * TPM, X-Wing transfer public keys and TPM-sealed transfer seeds, and HPKE ciphertexts of a
 * KEK to a joining node. It keeps the database and the keystore in step:
 *
 * - {@link FleetNode.load} (at start, before rotations, and periodically): found the fleet on an
 *   empty database, else load this node's sealed KEKs, import the ones still in transfer whose
 *   transfer MAC (by the member that sent them) verifies (then store them sealed by this node's
 *   TPM), and forget KEKs retired elsewhere.
 * - {@link FleetNode.issueJoinToken}, {@link FleetNode.join}, {@link FleetNode.approve}: the join.
 * - {@link FleetNode.revoke} and {@link FleetNode.rotate}: a new KEK exported to every active
 *   node, every envelope re-wrapped (the root rotation's sweep), the old KEKs retired.
 *
 * @module
 */

import { type Keystore, PqError, type Pqgate, PqStatus, type RootKeyInfo, toHex } from "../../../ffi/mod.ts";
import { lengthPrefixed, u32be } from "../../common/bytes.ts";
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
  type FleetNodeStatus,
  insertFleetKek,
  insertJoinToken,
  insertTransferCopies,
  type MemberMac,
  missingCopies,
  registerPendingNode,
  storeSealedCopy,
  type TransferCopy,
} from "../../db/fleet.ts";
import { systemClock } from "../../common/clock.ts";
import { readKeyBindingKey } from "../../db/keys.ts";
import type { MacKey } from "../integrity/sealed-mac-key.ts";
import { constantTimeEqual } from "../constant-time.ts";
import { KeyBindings, openKeyBindingKey, sealKeyBindingKey } from "../keys/key-binding.ts";
import { finishRootRotation, type RootRotationReport, type RotationOptions } from "../keys/root-rotation.ts";

/** `pq_keystore_fleet` operations. */
const OP = { create: 1, seal: 2, load: 3, transferKey: 4, export: 5, import: 6, forgetAll: 7 } as const;
/** Room for any fleet operation's output (a transfer key is 1216 bytes plus a sealed seed). */
const OUT_CAP = 4096;
const XWING_PUBLIC_LEN = 1216;
const NONE = new Uint8Array(0);
const encoder = new TextEncoder();

/** The label of a node's membership MAC (its `info` and the head of its encoding). */
export const FLEET_MEMBER_LABEL = "pqgate/fleet/member/v1";

/** The label of a transfer copy's MAC (its `info` and the head of its encoding). */
export const FLEET_TRANSFER_LABEL = "pqgate/fleet/transfer/v1";

/** What a transfer MAC covers: the recipient node, the KEK's id and sequence, and the ciphertext. */
function transferEncoding(node: string, kek: KekRef, ciphertext: Uint8Array): Uint8Array {
  return lengthPrefixed([FLEET_TRANSFER_LABEL, node, kek.id, u32be(kek.sequence), ciphertext]);
}

/** A live fleet KEK as `fleet_keks` names it. */
type KekRef = { readonly id: Uint8Array; readonly sequence: number };

/** A node's copy of a KEK (`fleetNodeCopies`). */
type NodeCopy = Awaited<ReturnType<typeof fleetNodeCopies>>[number];

/** A node row's fields its membership MAC covers. */
type MemberFields = Pick<FleetNodeRow, "name" | "transferPublicKey" | "transferSealedSeed">;

/** What a membership MAC covers: the node, its transfer key and sealed seed, and a KEK sequence. */
function memberEncoding(node: MemberFields, sequence: number): Uint8Array {
  return lengthPrefixed([
    FLEET_MEMBER_LABEL,
    node.name,
    node.transferPublicKey,
    node.transferSealedSeed,
    u32be(sequence),
  ]);
}

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
    readonly reason:
      | "not-joined"
      | "pending"
      | "revoked"
      | "token-invalid"
      | "node-exists"
      | "unknown-node"
      | "state"
      | "transfer-key-mismatch"
      | "transfer-refused",
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

/**
 * This node of the fleet: its name, its keystore and the shared database.
 *
 * Membership is authenticated: a node's row carries a MAC under the key-binding key (sealed by
 * the fleet KEK, so only members can compute it) over its name, transfer key, sealed seed and
 * the sequence of the newest KEK it is a member for. A KEK is exported only to a node whose
 * MAC verifies for the newest sequence, so a database writer can neither add a node, nor swap a
 * node's transfer key, nor bring a revoked node back (docs/FLEET.md, "Membership").
 */
export class FleetNode {
  readonly #bindings: KeyBindings;
  /** KEK ids (hex) whose refused transfer was reported already (once per KEK). */
  readonly #refused = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly pq: Pqgate,
    private readonly keystore: Keystore,
    readonly name: string,
    /** Where a refused membership is reported (once per rotation, by node name). */
    private readonly warn: (message: string) => void = (message) => console.error(message),
  ) {
    this.#bindings = new KeyBindings({ db, pq, keystore, clock: systemClock });
  }

  /** The key-binding key, which MACs memberships too (under {@link FLEET_MEMBER_LABEL}). */
  #macKey(): Promise<MacKey> {
    return this.#bindings.ensure();
  }

  #memberMac(mac: MacKey, node: MemberFields, sequence: number): MemberMac {
    return { mac: mac.mac(FLEET_MEMBER_LABEL, memberEncoding(node, sequence)), sequence };
  }

  /** Whether `node`'s membership MAC verifies for KEK `sequence`. */
  #isMember(mac: MacKey, node: FleetNodeRow, sequence: number): boolean {
    return node.memberMac !== null && node.memberSequence === sequence &&
      mac.verify(FLEET_MEMBER_LABEL, memberEncoding(node, sequence), node.memberMac);
  }

  /** `kek` exported to `node`'s transfer key, with this member's transfer MAC over it. */
  #transferCopy(mac: MacKey, node: string, publicKey: Uint8Array, kek: KekRef): TransferCopy {
    const transferCiphertext = this.#call(OP.export, kek.id, publicKey, transferContext(node, kek.id));
    const transferMac = mac.mac(FLEET_TRANSFER_LABEL, transferEncoding(node, kek, transferCiphertext));
    return { kekId: kek.id, transferCiphertext, transferMac };
  }

  /** Whether a copy in transfer to this node carries a member's MAC over what it is. */
  #transferVerifies(mac: MacKey, copy: NodeCopy): boolean {
    return copy.transferCiphertext !== null && copy.transferMac !== null &&
      mac.verify(
        FLEET_TRANSFER_LABEL,
        transferEncoding(this.name, { id: copy.kekId, sequence: copy.sequence }, copy.transferCiphertext),
        copy.transferMac,
      );
  }

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
    const publicKey = transfer.slice(0, XWING_PUBLIC_LEN);
    const sealedSeed = transfer.slice(XWING_PUBLIC_LEN);
    if ((await readKeyBindingKey(this.db)) !== undefined) {
      this.#forgetAll();
      throw new Error("the database holds a key-binding key but no fleet KEK: it was not made by this fleet");
    }
    // The key-binding key (sealed by KEK 1) is stored with KEK 1, and the founder's row with its
    // membership MAC for sequence 1: there is no moment at which the founder is unauthenticated.
    const { record, mac } = sealKeyBindingKey(this.pq, this.keystore);
    const member = this.#memberMac(mac, {
      name: this.name,
      transferPublicKey: publicKey,
      transferSealedSeed: sealedSeed,
    }, 1);
    const founder = { publicKey, sealedSeed, member, bindingKey: { ...record, createdAt: new Date() } };
    try {
      if (await insertFleetKek(this.db, kek, this.name, sealed, { founder })) return "founded";
    } catch {
      // Another node founded the fleet at the same moment: this one has to join it.
    }
    this.#forgetAll();
    return await this.load();
  }

  #createKek(sequence: number): { id: Uint8Array; sequence: number } {
    return { id: this.#call(OP.create, u32be(sequence)), sequence };
  }

  /**
   * Loads this node's TPM-sealed KEKs, then imports the ones in transfer to it, but only those
   * whose transfer MAC (under the key-binding key, which only members can open) verifies: a
   * database writer can encrypt a KEK of their own to this node's public transfer key, and it
   * must never become a root here. A node that can open the key-binding key with the KEKs it
   * holds checks each MAC before importing; one that cannot (joining, or behind a rotation
   * whose sweep re-wrapped the key under a KEK it lacks) imports, opens the key-binding key
   * under what it imported and checks every MAC in the same synchronous step, else forgets
   * everything it imported and stores nothing (docs/FLEET.md, "Membership").
   */
  async #loadCopies(row: FleetNodeRow): Promise<void> {
    const copies = await fleetNodeCopies(this.db, this.name);
    const loaded = new Set(this.loaded().map((r) => r.idHex));
    const sealed = copies.filter((c) => c.sealed !== null);
    this.#loadSealed(sealed.filter((c) => !loaded.has(toHex(c.kekId))));
    const pending = copies.filter((c) => c.sealed === null && c.transferCiphertext !== null)
      .filter((c) => !loaded.has(toHex(c.kekId)));
    if (pending.length > 0) {
      const mac = this.loaded().length === 0 ? undefined : await this.#macKey().catch(() => undefined);
      const imported = mac === undefined
        ? await this.#importThenVerify(row, pending, sealed)
        : this.#importVerified(row, pending, mac);
      for (const copy of imported) {
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

  #loadSealed(copies: readonly NodeCopy[]): void {
    for (const copy of copies) {
      const root = this.#call(OP.load, copy.sealed ?? NONE);
      if (!constantTimeEqual(root.subarray(4), copy.kekId)) throw new Error("a sealed fleet KEK names another KEK id");
    }
  }

  /** Imports a copy in transfer (in memory only); its record must name the KEK id and sequence stored for it. */
  #import(row: FleetNodeRow, copy: NodeCopy): void {
    const context = transferContext(this.name, copy.kekId);
    const root = this.#call(OP.import, row.transferSealedSeed, copy.transferCiphertext ?? NONE, context);
    if (
      !constantTimeEqual(root.subarray(4), copy.kekId) || !constantTimeEqual(root.subarray(0, 4), u32be(copy.sequence))
    ) {
      throw new Error("a transferred fleet KEK names another KEK id or sequence");
    }
  }

  /** Imports the copies whose transfer MAC verifies under `mac`; reports the others. */
  #importVerified(row: FleetNodeRow, pending: readonly NodeCopy[], mac: MacKey): NodeCopy[] {
    const accepted = pending.filter((c) => this.#transferVerifies(mac, c));
    this.#reportRefused(pending.filter((c) => !accepted.includes(c)), "its transfer MAC is missing or wrong");
    for (const copy of accepted) this.#import(row, copy);
    return accepted;
  }

  /**
   * For a node whose KEKs cannot open the key-binding key: imports every copy, then opens the
   * key-binding key under them and checks every transfer MAC, with no `await` in between (so no
   * request can wrap under an unchecked KEK). If anything fails, every KEK is forgotten, the
   * TPM-sealed ones are loaded again, nothing is stored, and it is reported.
   *
   * @throws {FleetError} `transfer-refused` when this node is left with no KEK.
   */
  async #importThenVerify(
    row: FleetNodeRow,
    pending: readonly NodeCopy[],
    sealed: readonly NodeCopy[],
  ): Promise<NodeCopy[]> {
    const record = await readKeyBindingKey(this.db);
    let failure: string;
    try {
      for (const copy of pending) this.#import(row, copy);
      if (record === undefined) {
        failure = "the database holds no key-binding key to check their transfer MACs";
      } else {
        const mac = openKeyBindingKey(this.pq, this.keystore, record);
        if (pending.every((c) => this.#transferVerifies(mac, c))) return [...pending];
        failure = "a transfer MAC is missing or wrong";
      }
    } catch (error) {
      failure = `they do not open as the fleet's (${(error as Error).message})`;
    }
    this.#forgetAll();
    this.#loadSealed(sealed);
    this.#reportRefused(pending, failure);
    if (this.loaded().length > 0) return [];
    throw new FleetError(
      "transfer-refused",
      `node ${this.name} refused the fleet KEK(s) sent to it: ${failure}; nothing was stored. ` +
        'A database writer may have replaced them: check the fleet (docs/FLEET.md, "Membership")',
    );
  }

  #reportRefused(copies: readonly NodeCopy[], why: string): void {
    const fresh = copies.map((c) => toHex(c.kekId)).filter((id) => !this.#refused.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) this.#refused.add(id);
    this.warn(
      `fleet: refused KEK(s) ${fresh.join(", ")} in transfer to node ${this.name}: ${why}; not imported ` +
        `(docs/FLEET.md, "Membership")`,
    );
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
   * Approves a pending node whose transfer public key hashes to `transferKeySha256` (what
   * `cli fleet join` printed on that node): exports every live KEK to that key (in Rust; only
   * ciphertexts are written), makes it active and writes its membership MAC for the newest
   * KEK, all in one transaction that holds only if the row still has the key that was checked.
   * An active node whose membership does not verify (e.g. its row was written before
   * membership MACs existed) is approved again the same way.
   *
   * @throws {FleetError} `unknown-node`, `state` (not pending, or a verified member already),
   * `transfer-key-mismatch`, `not-joined` (this node).
   */
  async approve(node: string, transferKeySha256: string): Promise<{ keks: number }> {
    await this.#requireActive();
    const row = await fleetNode(this.db, node);
    if (row === undefined) throw new FleetError("unknown-node", `no node named ${node} has asked to join`);
    const keks = await fleetKekList(this.db);
    const newest = keks.at(-1)?.sequence ?? 0;
    const mac = await this.#macKey();
    if (row.status === "revoked" || (row.status === "active" && this.#isMember(mac, row, newest))) {
      throw new FleetError("state", `node ${node} is ${row.status}, not pending`);
    }
    const actual = toHex(this.pq.hash("SHA-256", row.transferPublicKey));
    if (actual !== transferKeySha256.trim().toLowerCase()) {
      throw new FleetError(
        "transfer-key-mismatch",
        `node ${node}'s stored transfer key has SHA-256 ${actual}, not the ${transferKeySha256} given: ` +
          "compare with what `cli fleet join` printed on that node; nothing was approved",
      );
    }
    const copies = keks.map((kek) => this.#transferCopy(mac, node, row.transferPublicKey, kek));
    const approval = {
      copies,
      member: this.#memberMac(mac, row, newest),
      transferPublicKey: row.transferPublicKey,
      transferSealedSeed: row.transferSealedSeed,
    };
    if (!(await changeNodeStatus(this.db, node, [row.status as FleetNodeStatus], "active", approval))) {
      throw new FleetError("state", `node ${node}'s row changed meanwhile: check it and approve again`);
    }
    if ((await fleetKekList(this.db)).at(-1)?.sequence !== newest) {
      throw new FleetError("state", `a fleet rotation ran meanwhile: approve ${node} again`);
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
    return await this.#rotate(options, node);
  }

  /** A new fleet KEK (stored sealed for this node, exported to every other active node), then {@link finish}. */
  rotate(options: FleetRotationOptions = {}): Promise<RootRotationReport> {
    return this.#rotate(options);
  }

  /**
   * Makes KEK N+1 and, in the transaction that stores it, carries forward to N+1 every active
   * node whose membership verifies for N, except `revoked`. A node that does not verify is
   * reported by name and is not carried forward: it receives no KEK from now on.
   */
  async #rotate(options: FleetRotationOptions, revoked?: string): Promise<RootRotationReport> {
    await this.#requireActive();
    const newest = (await fleetKekList(this.db)).at(-1)?.sequence ?? 0;
    const mac = await this.#macKey();
    const members: { name: string; expected: Uint8Array; member: MemberMac }[] = [];
    const refused: string[] = [];
    for (const row of await fleetNodeList(this.db)) {
      if (row.status !== "active" || row.name === revoked) continue;
      if (row.memberMac !== null && this.#isMember(mac, row, newest)) {
        members.push({ name: row.name, expected: row.memberMac, member: this.#memberMac(mac, row, newest + 1) });
      } else {
        refused.push(row.name);
      }
    }
    if (refused.length > 0) {
      this.warn(
        `fleet: refused node(s) ${refused.join(", ")}: active in the database but their membership MAC does not ` +
          `verify for KEK ${newest}; they receive no new KEK (docs/FLEET.md, "Membership")`,
      );
    }
    const kek = this.#createKek(newest + 1);
    const sealed = this.#call(OP.seal, kek.id);
    if (!(await insertFleetKek(this.db, kek, this.name, sealed, { members }))) {
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
    if (newest !== undefined && !this.loaded().some((r) => constantTimeEqual(r.id, newest.id))) {
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

  /**
   * Exports each live KEK to each active node without a copy whose membership MAC verifies for
   * the newest KEK; the others are skipped. Returns how many copies were written and skipped.
   */
  async distribute(): Promise<{ written: number; skipped: number }> {
    const missing = (await missingCopies(this.db)).filter((m) => m.node.name !== this.name);
    const keks = await fleetKekList(this.db);
    const newest = keks.at(-1)?.sequence ?? 0;
    const sequences = new Map(keks.map((k) => [toHex(k.id), k.sequence]));
    const have = new Set(this.loaded().map((r) => r.idHex));
    const mac = missing.length === 0 ? undefined : await this.#macKey();
    let skipped = 0;
    const rows = [];
    for (const { node, kekId } of missing) {
      const sequence = sequences.get(toHex(kekId));
      if (!have.has(toHex(kekId)) || sequence === undefined) continue;
      if (mac === undefined || !this.#isMember(mac, node, newest)) {
        skipped++;
        continue;
      }
      rows.push({
        node: node.name,
        ...this.#transferCopy(mac, node.name, node.transferPublicKey, { id: kekId, sequence }),
      });
    }
    await insertTransferCopies(this.db, rows);
    return { written: rows.length, skipped };
  }

  /** Every node with its status and whether its membership verifies for the newest KEK (`cli fleet status`). */
  async nodes(): Promise<
    { name: string; status: string; transferKeySha256: string | null; membership: "verified" | "unverified" }[]
  > {
    const newest = (await fleetKekList(this.db)).at(-1)?.sequence ?? 0;
    let mac: MacKey | undefined;
    try {
      mac = await this.#macKey();
    } catch {
      mac = undefined; // not a member here: nothing can be verified
    }
    return (await fleetNodeList(this.db)).map((n) => ({
      name: n.name,
      status: n.status,
      transferKeySha256: n.transferPublicKey.length === 0 ? null : toHex(this.pq.hash("SHA-256", n.transferPublicKey)),
      membership: mac !== undefined && this.#isMember(mac, n, newest) ? "verified" : "unverified",
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
