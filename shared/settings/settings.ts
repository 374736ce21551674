import { parseKeyRing, type KeyRing } from "../crypto/keyRing";
import { parseDurationSeconds } from "./duration";
import { readFunctionTimeoutSeconds } from "./functionTimeout";
import { InvalidSettingError } from "./InvalidSettingError";
import { parseCronSchedule } from "./ncrontab";
import { parseScopeList } from "./scopeList";
import { readSnapshotSettings, type SnapshotSettings } from "../snapshots/snapshotSettings";

/** Everything the service reads from its app settings, checked once at start. */
export interface Settings {
  /** Connection string of the storage account that holds token caches and tables. */
  storageConnectionString: string;
  /** `https://login.microsoftonline.com` in production, the emulator's URL locally. */
  authorityHost: string;
  /** Application (client) id of the public client app registration. */
  clientId: string;
  /** Scopes a login asks for when the caller names none. */
  defaultScopes: string[];
  /** Keys that encrypt token caches and device codes; the first one encrypts. */
  keyRing: KeyRing;
  /** How long a job's token call may reuse this instance's copy of a tenant's token cache. */
  tokenCacheReuseSeconds: number;
  refresh: RefreshSettings;
  /** Retention of token cache snapshots and the size limit of imports. */
  snapshots: SnapshotSettings;
}

/** How the refresh timer keeps accounts alive. */
export interface RefreshSettings {
  /** NCRONTAB schedule of the refresh timer. */
  schedule: string;
  /** Access tokens expiring within this many seconds are refreshed ahead of time. */
  aheadSeconds: number;
  /** A refresh token unused for this many seconds is used anyway, so it never dies of idleness. */
  keepAliveAfterSeconds: number;
  /** Accounts refreshed at once in one run. */
  concurrency: number;
  /** A run starts no new account after this many seconds; the rest go first next run. */
  budgetSeconds: number;
}

type Environment = Record<string, string | undefined>;

const DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com";
const DEFAULT_SCOPES = "Group.Read.All Calendars.Read.Shared Chat.Read";
const REFRESH_DEFAULTS = {
  REFRESH_SCHEDULE: "0 */5 * * * *",
  REFRESH_AHEAD: "15m",
  KEEPALIVE_AFTER: "7d",
  REFRESH_CONCURRENCY: "8",
  REFRESH_TIME_BUDGET: "3m",
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function required(env: Environment, name: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new InvalidSettingError(name, "is required");
  }
  return value;
}

function readAuthorityHost(env: Environment): string {
  const value = env.ENTRA_AUTHORITY_HOST?.trim() || DEFAULT_AUTHORITY_HOST;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidSettingError("ENTRA_AUTHORITY_HOST", "is not a URL");
  }
  // MSAL refuses any authority that is not https (authority_uri_insecure).
  if (url.protocol !== "https:" || url.pathname !== "/" || url.search || url.hash) {
    throw new InvalidSettingError("ENTRA_AUTHORITY_HOST", "must be an https origin without a path");
  }
  return url.origin;
}

/**
 * Reads and checks the settings. Throws {@link InvalidSettingError} naming the first bad
 * setting; its message never contains the value.
 */
export function readSettings(
  env: Environment = process.env,
  /** The host's function timeout; null when there is none. */
  functionTimeoutSeconds: number | null = readFunctionTimeoutSeconds() ?? null,
): Settings {
  const clientId = required(env, "ENTRA_CLIENT_ID");
  if (!GUID.test(clientId)) {
    throw new InvalidSettingError("ENTRA_CLIENT_ID", "must be a GUID");
  }

  const defaultScopes = parseScopeList(env.DEFAULT_SCOPES?.trim() || DEFAULT_SCOPES);
  if (!defaultScopes) {
    throw new InvalidSettingError("DEFAULT_SCOPES", "must be scopes separated by spaces");
  }

  return {
    storageConnectionString: required(env, "AzureWebJobsStorage"),
    authorityHost: readAuthorityHost(env),
    clientId,
    defaultScopes,
    keyRing: parseKeyRing(required(env, "TOKEN_CACHE_KEYS"), "TOKEN_CACHE_KEYS"),
    tokenCacheReuseSeconds: readTokenCacheReuse(env),
    refresh: readRefreshSettings(env, functionTimeoutSeconds),
    snapshots: readSnapshotSettings(env),
  };
}

function readTokenCacheReuse(env: Environment): number {
  const seconds = parseDurationSeconds(env.TOKEN_CACHE_REUSE?.trim() || "2s");
  if (seconds === undefined || seconds > 60) {
    throw new InvalidSettingError("TOKEN_CACHE_REUSE", "must be a duration from 0 to 60 s");
  }
  return seconds;
}

function readRefreshSettings(
  env: Environment,
  functionTimeoutSeconds: number | null,
): RefreshSettings {
  const text = (name: keyof typeof REFRESH_DEFAULTS) => env[name]?.trim() || REFRESH_DEFAULTS[name];
  const duration = (name: keyof typeof REFRESH_DEFAULTS, min: number) => {
    const seconds = parseDurationSeconds(text(name));
    if (seconds === undefined || seconds < min) {
      throw new InvalidSettingError(name, `must be a duration of at least ${min} s, such as 15m`);
    }
    return seconds;
  };

  const schedule = text("REFRESH_SCHEDULE");
  try {
    parseCronSchedule(schedule);
  } catch {
    throw new InvalidSettingError(
      "REFRESH_SCHEDULE",
      "must be a six-field NCRONTAB schedule such as 0 */5 * * * *",
    );
  }
  const concurrency = Number(text("REFRESH_CONCURRENCY"));
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new InvalidSettingError("REFRESH_CONCURRENCY", "must be a whole number from 1 to 64");
  }
  // A run must end its work well inside the host's time limit, or the host kills it mid-way.
  const budgetSeconds = duration("REFRESH_TIME_BUDGET", 1);
  if (functionTimeoutSeconds !== null && budgetSeconds > functionTimeoutSeconds * 0.8) {
    throw new InvalidSettingError(
      "REFRESH_TIME_BUDGET",
      `must be at most 80% of functionTimeout in host.json (${functionTimeoutSeconds} s)`,
    );
  }
  return {
    schedule,
    aheadSeconds: duration("REFRESH_AHEAD", 0),
    keepAliveAfterSeconds: duration("KEEPALIVE_AFTER", 1),
    concurrency,
    budgetSeconds,
  };
}
