/**
 * `cli root-key rotate|finish`: a new root key in the keystore device, every stored envelope
 * re-wrapped under it, older roots retired (`services/keys/root-rotation.ts`, as
 * `POST /v1/keystore/root/*`). `finish` completes an interrupted rotation.
 *
 * @module
 */

import { finishRootRotation, rotateRootKey } from "../../services/keys/root-rotation.ts";
import { CliError, EXIT, positional } from "../args.ts";
import { fleetAttempt, fleetNodeOf } from "./fleet.ts";
import { type Command, print, withContext } from "../command.ts";

/** The `root-key` command. */
export const rootKeyCommand: Command = {
  name: "root-key",
  summary: "rotate the keystore's root key (re-wrap every key), or finish a rotation",
  usage: `usage:
  cli root-key rotate    new root in the device, re-wrap every envelope, retire older roots
  cli root-key finish    re-wrap what an interrupted rotation left, then retire older roots
On a tpm-fleet node the root is the fleet KEK: a new one is sent to every active node first.
Prints {root, rewrapped, auditChainKeyRewrapped, keyBindingKeyRewrapped, sessionsRewrapped, failed, retired}; exit 1 when some envelope could not be re-wrapped
(older roots are then kept).`,
  options: [],
  run: (args) =>
    withContext(async (ctx) => {
      const sub = positional(args, 0, "root-key subcommand (rotate, finish)");
      if (sub !== "rotate" && sub !== "finish") throw new CliError(`unknown root-key subcommand ${sub}`, EXIT.USAGE);
      const run = sub === "rotate" ? rotateRootKey : finishRootRotation;
      // A fleet node rotates the fleet KEK (docs/FLEET.md); `finish` completes one after a crash.
      const fleet = ctx.config.keystore.backend === "tpm-fleet" ? fleetNodeOf(ctx) : undefined;
      const report = fleet === undefined
        ? await run(ctx.db, ctx.pq, ctx.keystore())
        : await fleetAttempt(() => sub === "rotate" ? fleet.rotate() : fleet.finish());
      await ctx.record(`keystore.root-${sub}`);
      print({ ...report, root: { id: report.root.idHex, sequence: report.root.sequence } });
      return report.failed === 0 ? EXIT.OK : EXIT.FAILED;
    }),
};
