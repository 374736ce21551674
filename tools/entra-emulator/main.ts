/**
 * Runs the Entra ID emulator until SIGINT or SIGTERM:
 *
 *   node dist/tools/entra-emulator/main.js --port 7443 --certs <dir> [--directory file.json]
 *     [--state-file state.json]
 *
 * Clients trust it through `<dir>/trust-bundle.pem` (for NODE_EXTRA_CA_CERTS). With
 * `--state-file`, sign-ins, refresh tokens and device codes survive a restart (see stateFile.ts).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import { ensureLocalCertificates } from "../localCa";
import { loadDirectory } from "./directory";
import { startEntraEmulator } from "./emulator";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "7443" },
      certs: { type: "string" },
      directory: { type: "string" },
      "state-file": { type: "string" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port must be a port");
  if (values.certs === undefined) throw new Error("--certs <dir> is required");

  const certificates = await ensureLocalCertificates(values.certs);
  const emulator = await startEntraEmulator({
    tls: { key: await readFile(certificates.keyPath), cert: await readFile(certificates.certPath) },
    port,
    ...(values.directory === undefined ? {} : { directory: loadDirectory(values.directory) }),
    ...(values["state-file"] === undefined ? {} : { stateFile: values["state-file"] }),
  });
  console.log(`Entra ID emulator listening at ${emulator.url}`);

  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`entra-emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
