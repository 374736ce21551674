import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** The part of `local.settings.json` that the start script reads. */
export interface LocalSettings {
  Values: Record<string, string>;
  Host?: { LocalHttpPort?: number };
}

/**
 * Reads `local.settings.json`, writing it first from the sample when it is missing, with a new
 * function key, a new token cache key and a client id of its own. Values left empty in an
 * existing file are filled the same way.
 */
export function ensureLocalSettings(file: string, sampleFile: string): LocalSettings {
  const source = existsSync(file) ? file : sampleFile;
  const settings = JSON.parse(readFileSync(source, "utf8")) as LocalSettings;
  const values = settings.Values;
  const generated: Record<string, () => string> = {
    LOCAL_FUNCTION_KEY: () => randomBytes(24).toString("base64url"),
    TOKEN_CACHE_KEYS: () => `local1:${randomBytes(32).toString("base64")}`,
    ENTRA_CLIENT_ID: () => randomUUID(),
  };

  let changed = source !== file;
  for (const [name, make] of Object.entries(generated)) {
    if (!values[name]) {
      values[name] = make();
      changed = true;
    }
  }
  if (changed) {
    writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  }
  return settings;
}
