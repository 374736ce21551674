import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { ensureLocalCertificates } from "../localCa";
import { projectRoot } from "../projectRoot";
import { startAzurite } from "../local-stack/azurite";
import { startChild, stopChildren } from "./childProcesses";
import { emulatorArguments } from "./emulatorArguments";
import { ensureLocalSettings } from "./localSettings";

/**
 * `npm start`: the whole service on its embedded defaults. Azurite keeps its data under
 * `.data/azurite`; the Entra ID emulator runs with a certificate from a local CA under
 * `.data/certs` and its sign-in state in `.data/entra-emulator` unless ENTRA_AUTHORITY_HOST names
 * another authority; the local Functions host trusts that CA through NODE_EXTRA_CA_CERTS and
 * serves the built app.
 */
const root = projectRoot;
const dataDir = path.join(root, ".data");

async function main(): Promise<void> {
  const settings = ensureLocalSettings(
    path.join(root, "local.settings.json"),
    path.join(root, "local.settings.sample.json"),
  );
  const values = { ...settings.Values, ...definedOnly(process.env) };
  const authority = new URL(values.ENTRA_AUTHORITY_HOST ?? "https://login.microsoftonline.com");
  const useEmulator = ["127.0.0.1", "localhost"].includes(authority.hostname);
  mkdirSync(path.join(dataDir, "azurite"), { recursive: true });

  const children: ChildProcess[] = [];
  let stopAzurite = async () => {};
  const stop = async (code: number) => {
    await stopChildren(children);
    await stopAzurite();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    // The well-known Azurite ports, which `UseDevelopmentStorage=true` names.
    const azurite = await startAzurite({
      location: path.join(dataDir, "azurite"),
      blobPort: 10000,
      tablePort: 10002,
    });
    stopAzurite = azurite.stop;
    console.log(`[azurite] blob and table storage under ${azurite.location}`);

    let extraCa: Record<string, string> = {};
    if (useEmulator) {
      const certs = await ensureLocalCertificates(path.join(dataDir, "certs"));
      const emulator = await startChild(
        "entra",
        emulatorArguments(root, dataDir, authority.port || "443"),
        /Entra ID emulator listening at (\S+)/,
      );
      children.push(emulator.child);
      extraCa = { NODE_EXTRA_CA_CERTS: certs.trustBundlePath };
    }

    const host = await startChild(
      "functions",
      [path.join(root, "dist/tools/functions-host/main.js"), "--app", root],
      /Functions host listening at (\S+)/,
      { env: { ...process.env, ...extraCa } },
    );
    children.push(host.child);

    // The host lists its functions right after it is ready; the welcome goes below that list.
    await new Promise((resolve) => setTimeout(resolve, 300));
    printWelcome(
      host.readyLine[1] ?? "http://127.0.0.1:7071",
      values,
      useEmulator ? authority.origin : undefined,
    );
  } catch (error) {
    console.error(`npm start failed: ${(error as Error).message}`);
    await stop(1);
  }
}

function printWelcome(
  url: string,
  values: Record<string, string>,
  emulator: string | undefined,
): void {
  const key = values.LOCAL_FUNCTION_KEY ?? "";
  const lines = [
    "",
    "m365-token-broker is running.",
    `  API:             ${url}/api   (health: ${url}/api/health)`,
    `  Console:         ${url}/api/console   (asks for the function key)`,
    `  Function key:    ${key}`,
    emulator
      ? `  Entra emulator:  ${emulator}  (sign in at ${emulator}/devicelogin)`
      : `  Entra ID:        ${values.ENTRA_AUTHORITY_HOST}`,
    "",
    "Get a token as a backup job would (it prints the sign-in code and waits for you):",
    `  TOKEN_BROKER_URL=${url} TOKEN_BROKER_KEY=${key} \\`,
    "    npx m365-token-broker token --tenant contoso.onmicrosoft.com --scope Group.Read.All",
    "",
    "Ctrl-C stops everything.",
    "",
  ];
  process.stdout.write(lines.join("\n"));
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

void main();
