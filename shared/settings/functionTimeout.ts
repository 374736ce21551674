import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseDurationSeconds } from "./duration";

/**
 * The `functionTimeout` of the app's `host.json` in seconds, found beside the deployed app (a
 * few folders above this module); undefined when there is none or it is unlimited (`-1`).
 */
export function readFunctionTimeoutSeconds(from: string = __dirname): number | undefined {
  for (let dir = from, up = 0; up < 5; dir = path.dirname(dir), up++) {
    const file = path.join(dir, "host.json");
    if (existsSync(file)) {
      try {
        const { functionTimeout } = JSON.parse(readFileSync(file, "utf8")) as {
          functionTimeout?: unknown;
        };
        return typeof functionTimeout === "string"
          ? parseDurationSeconds(functionTimeout)
          : undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
