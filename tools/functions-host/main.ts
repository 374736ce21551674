import path from "node:path";
import { parseArgs } from "node:util";
import { describeTrigger } from "./describeTrigger";
import { applySettingValues, readLocalSettings } from "./readLocalSettings";
import { resolveSettingPlaceholders } from "./resolveSettingPlaceholders";
import { startFunctionsHost, type FunctionsHost } from "./startFunctionsHost";

const usage =
  "Usage: node dist/tools/functions-host/main.js [--app <folder>] [--port <port>] " +
  "[--settings <local.settings.json>]";

/**
 * Runs an app the way `func start` would: settings from local.settings.json into the
 * environment (variables already set win), the key from LOCAL_FUNCTION_KEY, the port from
 * --port, else Host.LocalHttpPort, else 7071. Prints one "listening" line, then one per function.
 */
async function main(argv: readonly string[]): Promise<void> {
  const { values: args } = parseArgs({
    args: [...argv],
    options: {
      app: { type: "string" },
      port: { type: "string" },
      settings: { type: "string" },
    },
    strict: true,
  });

  const appRoot = path.resolve(args.app ?? process.cwd());
  const settingsPath = path.resolve(args.settings ?? path.join(appRoot, "local.settings.json"));
  const settings = readLocalSettings(settingsPath, args.settings !== undefined);
  applySettingValues(settings?.values ?? {});

  const functionKey = process.env["LOCAL_FUNCTION_KEY"];
  if (!functionKey) {
    throw new Error(
      `LOCAL_FUNCTION_KEY is not set: add it to Values in ${settingsPath} or to the environment.`,
    );
  }
  const port = parsePort(args.port ?? settings?.localHttpPort ?? 7071);

  const host = await startFunctionsHost({ appRoot, port, functionKey });
  console.log(`Functions host listening at ${host.url}`);
  printFunctions(host);

  const shutdown = (): void => {
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Functions host did not close cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

function parsePort(value: string | number): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`"${value}" is not a port number.\n${usage}`);
  }
  return port;
}

function printFunctions(host: FunctionsHost): void {
  const prefix = host.routePrefix === "" ? "" : `/${host.routePrefix}`;
  for (const registration of host.registrations) {
    const trigger = describeTrigger(registration);
    if (trigger.kind === "http") {
      const methods = trigger.methods ? trigger.methods.join(",") : "ALL";
      console.log(`  ${registration.name}: [${methods}] ${host.url}${prefix}/${trigger.route}`);
    } else if (trigger.kind === "timer") {
      console.log(
        `  ${registration.name}: timer (${resolveSettingPlaceholders(trigger.schedule)})`,
      );
    } else {
      console.log(`  ${registration.name}: ${trigger.type} (not run locally)`);
    }
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Functions host failed to start: ${message}`);
    process.exit(1);
  });
}
