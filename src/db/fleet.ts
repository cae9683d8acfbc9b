/**
 * The TPM fleet's rows (docs/FLEET.md): nodes, join tokens, KEKs and each node's copy of each
 * KEK. Every change that must happen once is a compare-and-set (a token is used by the first
 * node that presents it; a node is approved or revoked from the status it had).
 *
 * @module
 */

import { and, asc, eq, gt, inArray, isNotNull, isNull, notInArray, sql } from "drizzle-orm";
import type { Database } from "./client.ts";
import { fleetJoinTokens, fleetKeks, fleetNodeKeks, fleetNodes } from "./schema/fleet.ts";
import { insertKeyBindingKey, type KeyBindingKeyRow } from "./keys.ts";

/** A node's row. */
export type FleetNodeRow = typeof fleetNodes.$inferSelect;
/** A node's status. */
export type FleetNodeStatus = "pending" | "active" | "revoked";

/** The node called `name`, if any. */
export async function fleetNode(db: Database, name: string): Promise<FleetNodeRow | undefined> {
  const [row] = await db.select().from(fleetNodes).where(eq(fleetNodes.name, name));
  return row;
}

/** Every node, by name. */
export function fleetNodeList(db: Database): Promise<FleetNodeRow[]> {
  return db.select().from(fleetNodes).orderBy(asc(fleetNodes.name));
}

/** Whether the fleet has been founded (some KEK exists). */
export async function fleetFounded(db: Database): Promise<boolean> {
  const [row] = await db.select({ id: fleetKeks.id }).from(fleetKeks).limit(1);
  return row !== undefined;
}

/** The live KEKs, oldest first. */
export function fleetKekList(db: Database): Promise<{ id: Uint8Array; sequence: number }[]> {
  return db.select({ id: fleetKeks.id, sequence: fleetKeks.sequence }).from(fleetKeks).orderBy(asc(fleetKeks.sequence));
}

/** A node's membership MAC for a KEK sequence (`fleet_nodes.member_mac`, `member_sequence`). */
export interface MemberMac {
  readonly mac: Uint8Array;
  readonly sequence: number;
}

/** What a new KEK is stored with (see {@link insertFleetKek}). */
export interface NewKekRows {
  /** The founding: the founder's row (active, with its membership MAC) and the key-binding key that MACs it. */
  readonly founder?: {
    readonly publicKey: Uint8Array;
    readonly sealedSeed: Uint8Array;
    readonly member: MemberMac;
    readonly bindingKey: Omit<KeyBindingKeyRow, "id">;
  };
  /** A rotation: members carried forward to the new KEK, each only if its MAC is still `expected`. */
  readonly members?: readonly { readonly name: string; readonly expected: Uint8Array; readonly member: MemberMac }[];
}

/**
 * Stores a new KEK and `node`'s sealed copy in one transaction, with `rows` (the founder's row
 * and the key-binding key, or the members' MACs for the new KEK). Returns false when a KEK with
 * that sequence exists already (a concurrent rotation).
 */
export async function insertFleetKek(
  db: Database,
  kek: { id: Uint8Array; sequence: number },
  node: string,
  sealed: Uint8Array,
  rows: NewKekRows = {},
): Promise<boolean> {
  return await db.transaction(async (tx) => {
    // The KEK first: a sequence taken meanwhile (a concurrent founder or rotation) writes nothing.
    const inserted = await tx.insert(fleetKeks).values(kek).onConflictDoNothing().returning({ id: fleetKeks.id });
    if (inserted.length === 0) return false;
    const founder = rows.founder;
    if (founder !== undefined) {
      await insertKeyBindingKey(tx, founder.bindingKey);
      await tx.insert(fleetNodes).values({
        name: node,
        status: "active",
        transferPublicKey: founder.publicKey,
        transferSealedSeed: founder.sealedSeed,
        memberMac: founder.member.mac,
        memberSequence: founder.member.sequence,
      });
    }
    for (const m of rows.members ?? []) {
      await tx.update(fleetNodes).set({ memberMac: m.member.mac, memberSequence: m.member.sequence })
        .where(and(eq(fleetNodes.name, m.name), eq(fleetNodes.memberMac, m.expected)));
    }
    await tx.insert(fleetNodeKeks).values({ node, kekId: kek.id, sealed });
    return true;
  });
}

/** A node's copies of the live KEKs: sealed ones and transfer ciphertexts still to import. */
export function fleetNodeCopies(
  db: Database,
  node: string,
): Promise<
  {
    kekId: Uint8Array;
    sequence: number;
    sealed: Uint8Array | null;
    transferCiphertext: Uint8Array | null;
    transferMac: Uint8Array | null;
  }[]
> {
  return db.select({
    kekId: fleetNodeKeks.kekId,
    sequence: fleetKeks.sequence,
    sealed: fleetNodeKeks.sealed,
    transferCiphertext: fleetNodeKeks.transferCiphertext,
    transferMac: fleetNodeKeks.transferMac,
  }).from(fleetNodeKeks).innerJoin(fleetKeks, eq(fleetKeks.id, fleetNodeKeks.kekId))
    .where(eq(fleetNodeKeks.node, node)).orderBy(asc(fleetKeks.sequence));
}

/** Replaces a node's transfer ciphertext for a KEK by its TPM-sealed copy. */
export async function storeSealedCopy(
  db: Database,
  node: string,
  kekId: Uint8Array,
  sealed: Uint8Array,
): Promise<void> {
  await db.update(fleetNodeKeks).set({ sealed, transferCiphertext: null, transferMac: null })
    .where(and(eq(fleetNodeKeks.node, node), eq(fleetNodeKeks.kekId, kekId)));
}

/** A KEK sent to a node: its HPKE ciphertext and the sending member's transfer MAC over it. */
export interface TransferCopy {
  readonly kekId: Uint8Array;
  readonly transferCiphertext: Uint8Array;
  readonly transferMac: Uint8Array;
}

/** Adds transfer ciphertexts (a node's copy not yet imported); rows that exist are left alone. */
export async function insertTransferCopies(
  db: Database,
  rows: (TransferCopy & { node: string })[],
): Promise<void> {
  if (rows.length > 0) await db.insert(fleetNodeKeks).values(rows).onConflictDoNothing();
}

/** The active nodes (their whole row) and the live KEKs each has no copy of (sealed or in transfer). */
export async function missingCopies(db: Database): Promise<{ node: FleetNodeRow; kekId: Uint8Array }[]> {
  return await db.select({ node: fleetNodes, kekId: fleetKeks.id }).from(fleetNodes).crossJoin(fleetKeks)
    .leftJoin(fleetNodeKeks, and(eq(fleetNodeKeks.node, fleetNodes.name), eq(fleetNodeKeks.kekId, fleetKeks.id)))
    .where(and(eq(fleetNodes.status, "active"), isNull(fleetNodeKeks.node)));
}

/** Stores a join token's hash. */
export async function insertJoinToken(db: Database, hash: Uint8Array, expiresAt: Date): Promise<void> {
  await db.insert(fleetJoinTokens).values({ hash, expiresAt });
}

/**
 * Registers `node` as pending with its transfer key, using the token `hash` once (compare-and-set
 * on `used_by is null` and its expiry). Returns why it failed, or "ok".
 */
export async function registerPendingNode(
  db: Database,
  hash: Uint8Array,
  now: Date,
  node: { name: string; transferPublicKey: Uint8Array; transferSealedSeed: Uint8Array },
): Promise<"ok" | "token-invalid" | "node-exists"> {
  return await db.transaction(async (tx) => {
    const [existing] = await tx.select({ name: fleetNodes.name }).from(fleetNodes).where(
      eq(fleetNodes.name, node.name),
    );
    if (existing !== undefined) return "node-exists";
    const used = await tx.update(fleetJoinTokens).set({ usedBy: node.name })
      .where(and(eq(fleetJoinTokens.hash, hash), isNull(fleetJoinTokens.usedBy), gt(fleetJoinTokens.expiresAt, now)))
      .returning({ hash: fleetJoinTokens.hash });
    if (used.length === 0) return "token-invalid";
    await tx.insert(fleetNodes).values({ ...node, status: "pending" });
    return "ok";
  });
}

/**
 * Sets `node`'s status from `from` to `to` (compare-and-set) and, in the same transaction,
 * stores `copies` (approval) or deletes every copy the node has (revocation). An approval also
 * writes the node's membership MAC, only if its row still holds the transfer key the MAC covers.
 */
export async function changeNodeStatus(
  db: Database,
  name: string,
  from: FleetNodeStatus[],
  to: FleetNodeStatus,
  approval?: {
    readonly copies: readonly TransferCopy[];
    readonly member: MemberMac;
    readonly transferPublicKey: Uint8Array;
    readonly transferSealedSeed: Uint8Array;
  },
): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const where = [eq(fleetNodes.name, name), inArray(fleetNodes.status, from)];
    if (approval !== undefined) {
      where.push(eq(fleetNodes.transferPublicKey, approval.transferPublicKey));
      where.push(eq(fleetNodes.transferSealedSeed, approval.transferSealedSeed));
    }
    const member = approval === undefined
      ? {}
      : { memberMac: approval.member.mac, memberSequence: approval.member.sequence };
    const changed = await tx.update(fleetNodes).set({ status: to, updatedAt: sql`now()`, ...member })
      .where(and(...where))
      .returning({ name: fleetNodes.name });
    if (changed.length === 0) return false;
    if (to === "revoked") await tx.delete(fleetNodeKeks).where(eq(fleetNodeKeks.node, name));
    const copies = approval?.copies ?? [];
    if (copies.length > 0) {
      await tx.insert(fleetNodeKeks).values(copies.map((c) => ({ node: name, ...c }))).onConflictDoNothing();
    }
    return true;
  });
}

/** Deletes the KEKs not in `keep` (retired), with every node's copy. Returns how many. */
export async function deleteKeksExcept(db: Database, keep: Uint8Array[]): Promise<number> {
  if (keep.length === 0) return 0;
  return (await db.delete(fleetKeks).where(notInArray(fleetKeks.id, keep)).returning({ id: fleetKeks.id })).length;
}

/** Whether the node has a sealed copy of some KEK (it joined and imported). */
export async function hasSealedCopy(db: Database, node: string): Promise<boolean> {
  const [row] = await db.select({ node: fleetNodeKeks.node }).from(fleetNodeKeks)
    .where(and(eq(fleetNodeKeks.node, node), isNotNull(fleetNodeKeks.sealed))).limit(1);
  return row !== undefined;
}
