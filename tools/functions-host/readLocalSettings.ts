import { readFileSync } from "node:fs";

/** The parts of local.settings.json the host uses. */
export interface LocalSettings {
  readonly values: Readonly<Record<string, string>>;
  readonly localHttpPort?: number;
}

interface LocalSettingsFile {
  IsEncrypted?: unknown;
  Values?: Record<string, unknown>;
  Host?: { LocalHttpPort?: unknown };
}

/**
 * Reads local.settings.json as `func start` does: `Values` (app settings; numbers and booleans
 * are taken as text) and `Host.LocalHttpPort`. Returns undefined when the file does not exist
 * and `required` is false. Encrypted files are refused.
 */
export function readLocalSettings(filePath: string, required: boolean): LocalSettings | undefined {
  let text: string;
  try {
    text = readFileSync(filePath, "utf8");
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === "ENOENT") {
      return undefined;
    }
    throw new Error(`Cannot read settings file ${filePath}.`, { cause: error });
  }

  const file = JSON.parse(text) as LocalSettingsFile;
  if (file.IsEncrypted === true) {
    throw new Error(`${filePath} is encrypted; the local host reads plain settings only.`);
  }

  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(file.Values ?? {})) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      values[name] = String(value);
    }
  }

  const port = file.Host?.LocalHttpPort;
  return typeof port === "number" ? { values, localHttpPort: port } : { values };
}

/**
 * Copies settings into the environment, skipping names the environment already has: a variable
 * set by the caller (a test, a shell) wins over the file, as with `func start`.
 */
export function applySettingValues(
  values: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv = process.env,
): void {
  for (const [name, value] of Object.entries(values)) {
    if (env[name] === undefined) {
      env[name] = value;
    }
  }
}
