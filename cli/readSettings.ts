import { UsageError } from "./errors";
import { messages } from "./messages";

export interface Settings {
  baseUrl: string;
  key: string;
  /** True when the key and tokens would cross a network in clear text. */
  unencrypted: boolean;
}

const urlVariable = "TOKEN_BROKER_URL";
const keyVariable = "TOKEN_BROKER_KEY";
const loopbackHosts = new Set(["localhost", "[::1]"]);

/**
 * Reads the broker's address and key from the environment. Errors name the variable, not its value.
 */
export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const baseUrl = env[urlVariable]?.trim();
  const key = env[keyVariable]?.trim();

  if (!baseUrl) throw new UsageError(messages.missingEnvironment(urlVariable));
  if (!key) throw new UsageError(messages.missingEnvironment(keyVariable));

  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(messages.badBrokerUrl(urlVariable));
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(messages.badBrokerUrl(urlVariable));
  }

  const loopback = loopbackHosts.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  return { baseUrl, key, unencrypted: url.protocol === "http:" && !loopback };
}

export const settingNames = { url: urlVariable, key: keyVariable } as const;
