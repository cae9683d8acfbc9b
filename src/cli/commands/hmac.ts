/**
 * `cli hmac` and `cli hmac verify`: a named MAC key authenticates the input in the gateway
 * (`POST /v1/keys/{name}/hmac`, `…/hmac/verify`). The MAC is written raw (it names its key
 * version); verify prints the verdict as JSON and exits 0 valid, 1 not valid.
 *
 * @module
 */

import { must } from "../../../client/http/mod.ts";
import { CliError, EXIT } from "../args.ts";
import type { Command } from "../command.ts";
import { connect, fileOption, GATEWAY_OPTIONS, GATEWAY_USAGE, input, output, request, verdict } from "../gateway.ts";

/** The `hmac` command. */
export const hmacCommand: Command = {
  name: "hmac",
  summary: "compute or verify a file's MAC with a named key of a running gateway",
  usage: `usage:
  cli hmac --key NAME [--in FILE] [--out FILE] [--url URL] [--token-file FILE]
      writes the MAC (raw bytes; it names the key version). Scope keys:sign.
  cli hmac verify --key NAME --mac FILE [--in FILE] [--url URL] [--token-file FILE]
      prints {"valid": …, "version": …}; exit 0 when the MAC in FILE is valid over the input,
      1 when not (compared in constant time in the gateway). Scope keys:verify.
${GATEWAY_USAGE}`,
  options: [...GATEWAY_OPTIONS, "mac"],
  run: async (args) => {
    const [sub, ...extra] = args.positionals;
    if (extra.length > 0 || (sub !== undefined && sub !== "verify")) {
      throw new CliError(`unknown hmac subcommand ${args.positionals.join(" ")}`, EXIT.USAGE);
    }
    const { api, key } = connect(args);
    if (sub === "verify") {
      const body = { data: await input(args), mac: fileOption(args, "mac") };
      return verdict(await request(() => must(api.POST("/v1/keys/{name}/hmac/verify", { ...key, body }))));
    }
    const body = { data: await input(args) };
    const { mac } = await request(() => must(api.POST("/v1/keys/{name}/hmac", { ...key, body })));
    output(args, mac);
    return EXIT.OK;
  },
};
