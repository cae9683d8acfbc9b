/**
 * `cli fleet …`: the TPM fleet (docs/FLEET.md), run on a node with `PQGATE_KEYSTORE=tpm-fleet`,
 * its `PQGATE_TPM_TCTI` and `PQGATE_FLEET_NODE` (`services/fleet/fleet-service.ts`).
 *
 * @module
 */

import { FleetError, FleetNode, JOIN_TOKEN_TTL_SECONDS } from "../../services/fleet/fleet-service.ts";
import { CliError, EXIT, positional } from "../args.ts";
import type { CliContext } from "../context.ts";
import { type Command, print, withContext } from "../command.ts";

/** This process's fleet node; a usage error when the keystore is not `tpm-fleet`. */
export function fleetNodeOf(ctx: CliContext): FleetNode {
  const settings = ctx.config.keystore;
  if (settings.backend !== "tpm-fleet") {
    throw new CliError("this command needs PQGATE_KEYSTORE=tpm-fleet (and PQGATE_FLEET_NODE)", EXIT.CONFIG);
  }
  return new FleetNode(ctx.db, ctx.pq, ctx.keystore(), settings.node);
}

/** Runs `fn`, turning a {@link FleetError} into a CLI failure (exit 1) with its message. */
export async function fleetAttempt<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof FleetError) throw new CliError(`fleet: ${error.message} (${error.reason})`, EXIT.FAILED);
    throw error;
  }
}

/** The `fleet` command. */
export const fleetCommand: Command = {
  name: "fleet",
  summary: "TPM fleet: join tokens, join, approve, revoke (docs/FLEET.md)",
  usage: `usage (on a node with PQGATE_KEYSTORE=tpm-fleet, PQGATE_TPM_TCTI, PQGATE_FLEET_NODE):
  cli fleet status                        this node's membership; every node's status and whether its membership MAC verifies
  cli fleet join-token [--ttl-seconds N]  one-time join token (default ${JOIN_TOKEN_TTL_SECONDS} s), on an active node
  cli fleet join --token T                register this node (pending) with a fresh TPM-sealed transfer key
  cli fleet finish-join                   import the approved KEKs now (a start does it too)
  cli fleet approve NODE --transfer-key-sha256 HEX
                                          send every fleet KEK to a pending node, encrypted to its transfer key,
                                          once that key hashes to HEX (what \`cli fleet join\` printed on NODE)
  cli fleet revoke NODE                   revoke a node, then rotate the fleet KEK and re-wrap every envelope
  cli fleet rotate                        a new fleet KEK, every envelope re-wrapped (as cli root-key rotate)
A refusal (not joined, token used or expired, unknown node…) exits 1 with a message.`,
  options: ["ttl-seconds", "token", "transfer-key-sha256"],
  run: (args) =>
    withContext((ctx) =>
      fleetAttempt(async () => {
        const sub = positional(
          args,
          0,
          "fleet subcommand (status, join-token, join, finish-join, approve, revoke, rotate)",
        );
        const node = fleetNodeOf(ctx);
        const now = new Date();
        switch (sub) {
          case "status": {
            const membership = await node.load();
            print({ node: node.name, membership, keks: node.loaded().length, nodes: await node.nodes() });
            return EXIT.OK;
          }
          case "join-token": {
            const ttl = Number(args.options["ttl-seconds"] ?? JOIN_TOKEN_TTL_SECONDS);
            if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) {
              throw new CliError("--ttl-seconds must be a whole number from 1 to 86400", EXIT.USAGE);
            }
            const issued = await node.issueJoinToken(now, ttl);
            await ctx.record("fleet.join-token");
            print({ token: issued.token, expiresAt: issued.expiresAt });
            return EXIT.OK;
          }
          case "finish-join": {
            const membership = await node.load();
            print({ node: node.name, membership, keks: node.loaded().length });
            return membership === "active" ? EXIT.OK : EXIT.FAILED;
          }
          case "join": {
            if (args.options.token === undefined) throw new CliError("missing --token", EXIT.USAGE);
            const joined = await node.join(args.options.token, now);
            print({ node: node.name, status: "pending", ...joined });
            return EXIT.OK;
          }
          case "approve": {
            const target = positional(args, 1, "node name");
            const expected = args.options["transfer-key-sha256"];
            if (expected === undefined || !/^[0-9a-fA-F]{64}$/.test(expected.trim())) {
              throw new CliError(
                "missing --transfer-key-sha256 HEX: the transferKeySha256 `cli fleet join` printed on the joining node " +
                  "(64 hex digits), compared out of band",
                EXIT.USAGE,
              );
            }
            const approved = await node.approve(target, expected);
            await ctx.record("fleet.approve", { keyName: target });
            print({ node: target, status: "active", ...approved });
            return EXIT.OK;
          }
          case "revoke":
          case "rotate": {
            const target = sub === "revoke" ? positional(args, 1, "node name") : undefined;
            const report = target === undefined
              ? await node.rotate({ onKekStored: progress })
              : await node.revoke(target, { onKekStored: progress });
            await ctx.record(`fleet.${sub}`, target === undefined ? {} : { keyName: target });
            print({ ...(target === undefined ? {} : { revoked: target }), ...report, root: rootView(report.root) });
            return report.failed === 0 ? EXIT.OK : EXIT.FAILED;
          }
          default:
            throw new CliError(`unknown fleet subcommand ${sub}`, EXIT.USAGE);
        }
      })
    ),
};

function rootView(root: { idHex: string; sequence: number }) {
  return { id: root.idHex, sequence: root.sequence };
}

/** Progress on stderr: the new KEK is stored and sent to every active node (the re-wrap follows). */
function progress(sequence: number): void {
  console.error(`fleet: KEK ${sequence} stored and distributed; re-wrapping`);
}
