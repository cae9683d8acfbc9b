/**
 * `cli decrypt`: the gateway decrypts a ciphertext of `cli encrypt` (or of
 * `POST /v1/keys/{name}/encrypt`) with the key version it names; the output is the plaintext, raw.
 *
 * @module
 */

import { must } from "../../../client/http/mod.ts";
import { EXIT } from "../args.ts";
import type { Command } from "../command.ts";
import { connect, GATEWAY_OPTIONS, GATEWAY_USAGE, input, output, request, textField } from "../gateway.ts";

/** The `decrypt` command. */
export const decryptCommand: Command = {
  name: "decrypt",
  summary: "decrypt a file with a named key of a running gateway",
  usage: `usage: cli decrypt --key NAME [--in FILE] [--out FILE] [--aad TEXT] [--url URL] [--token-file FILE]
Writes the plaintext (raw bytes). --aad: the associated data (UTF-8) given to encrypt. A
tampered ciphertext or another aad is refused (422, exit 65). Scope keys:decrypt.
${GATEWAY_USAGE}`,
  options: [...GATEWAY_OPTIONS, "aad"],
  run: async (args) => {
    const { api, key } = connect(args);
    const body = { ciphertext: await input(args), ...textField(args, "aad") };
    const { plaintext } = await request(() => must(api.POST("/v1/keys/{name}/decrypt", { ...key, body })));
    output(args, plaintext);
    return EXIT.OK;
  },
};
