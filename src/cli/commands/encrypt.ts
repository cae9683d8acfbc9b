/**
 * `cli encrypt`: a named key encrypts the input in the gateway (`POST /v1/keys/{name}/encrypt`);
 * the output is the self-describing ciphertext (it names its key version), raw.
 *
 * @module
 */

import { must } from "../../../client/http/mod.ts";
import { EXIT } from "../args.ts";
import type { Command } from "../command.ts";
import { connect, GATEWAY_OPTIONS, GATEWAY_USAGE, input, output, request, textField } from "../gateway.ts";

/** The `encrypt` command. */
export const encryptCommand: Command = {
  name: "encrypt",
  summary: "encrypt a file with a named key of a running gateway",
  usage: `usage: cli encrypt --key NAME [--in FILE] [--out FILE] [--aad TEXT] [--url URL] [--token-file FILE]
Writes the ciphertext (raw bytes; it names the key version). --aad: associated data (UTF-8),
needed again to decrypt. Scope keys:encrypt.
${GATEWAY_USAGE}`,
  options: [...GATEWAY_OPTIONS, "aad"],
  run: async (args) => {
    const { api, key } = connect(args);
    const body = { plaintext: await input(args), ...textField(args, "aad") };
    const { ciphertext } = await request(() => must(api.POST("/v1/keys/{name}/encrypt", { ...key, body })));
    output(args, ciphertext);
    return EXIT.OK;
  },
};
