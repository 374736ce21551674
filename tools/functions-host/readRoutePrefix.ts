import { readFileSync } from "node:fs";
import path from "node:path";

const defaultRoutePrefix = "api";

/** The app setting that overrides `host.json`, as Azure reads it. */
const routePrefixSetting = "AzureFunctionsJobHost__extensions__http__routePrefix";

/**
 * The HTTP route prefix from `host.json` (`extensions.http.routePrefix`), "api" when unset; ""
 * removes the prefix. The `AzureFunctionsJobHost__extensions__http__routePrefix` setting wins
 * over the file, as it does on Azure. Leading and trailing slashes are dropped.
 */
export function readRoutePrefix(appRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromSetting = env[routePrefixSetting];
  const prefix = fromSetting ?? readHostJsonPrefix(path.join(appRoot, "host.json"));
  return prefix.replace(/^\/+|\/+$/g, "");
}

function readHostJsonPrefix(hostJsonPath: string): string {
  let text: string;
  try {
    text = readFileSync(hostJsonPath, "utf8");
  } catch {
    return defaultRoutePrefix;
  }

  const hostJson = JSON.parse(text) as { extensions?: { http?: { routePrefix?: unknown } } };
  const prefix = hostJson.extensions?.http?.routePrefix;
  if (prefix === undefined) {
    return defaultRoutePrefix;
  }
  if (typeof prefix !== "string") {
    throw new Error(`${hostJsonPath}: extensions.http.routePrefix must be a string.`);
  }
  return prefix;
}
