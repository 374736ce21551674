import path from "node:path";

/**
 * The command line `npm start` runs the Entra ID emulator with: its certificate from the local CA
 * under `<dataDir>/certs`, and its sign-in state in `<dataDir>/entra-emulator/state.json`, beside
 * Azurite's data, so the refresh tokens behind the accounts Azurite holds survive a restart too.
 */
export function emulatorArguments(root: string, dataDir: string, port: string): string[] {
  return [
    path.join(root, "dist/tools/entra-emulator/main.js"),
    "--port",
    port,
    "--certs",
    path.join(dataDir, "certs"),
    "--state-file",
    path.join(dataDir, "entra-emulator", "state.json"),
  ];
}
