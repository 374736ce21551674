import {
  MSAL_SECTIONS,
  OBTAINED_AT_SECTION,
  emptyCacheDocument,
  type CacheDocument,
} from "../tokenCache/cacheDocument";
import { cacheEntryKey } from "./cacheEntryKey";

/** Whose entries a cache may keep: this service's tenant, application and authority host. */
export interface AdoptionTarget {
  tenantId: string;
  clientId: string;
  /** The authority's `host[:port]`, MSAL's cache environment. */
  environment: string;
}

/** Why an entry of an imported cache was left out. */
export type DropReason =
  | "otherTenant"
  | "otherClient"
  | "otherCloud"
  | "noRefreshToken"
  | "malformed"
  | "unknownSection"
  | "duplicate";

export interface AdoptedCache {
  document: CacheDocument;
  /** How many entries were left out, by reason; reasons that left nothing out are absent. */
  dropped: Partial<Record<DropReason, number>>;
}

type Entity = Record<string, unknown>;

// The hosts of each Microsoft cloud, as MSAL's instance discovery lists them. Entries of one
// cloud never work in another; an unknown host (a test emulator) is taken as this service's own.
const CLOUD_OF_HOST: Record<string, string> = {
  "login.microsoftonline.com": "public",
  "login.windows.net": "public",
  "login.microsoft.com": "public",
  "sts.windows.net": "public",
  "login.chinacloudapi.cn": "china",
  "login.partner.microsoftonline.cn": "china",
  "login.microsoftonline.us": "usgov",
  "login.usgovcloudapi.net": "usgov",
  "login.microsoftonline.de": "germany",
};

// The fields without which MSAL cannot use an entry of each section.
const REQUIRED: Record<string, string[]> = {
  Account: ["home_account_id", "environment", "realm", "username"],
  IdToken: ["home_account_id", "environment", "client_id", "realm", "secret"],
  AccessToken: ["home_account_id", "environment", "client_id", "realm", "secret", "target"],
  RefreshToken: ["home_account_id", "environment", "client_id", "secret"],
  AppMetadata: ["environment", "client_id"],
};

/**
 * Takes the entries of a unified-schema MSAL cache written by any MSAL (msal-node, MSAL Python
 * and the Azure CLI, MSAL.NET, MSAL Java) that belong to this tenant and this application, and
 * keys them as msal-node does, in this service's environment. The libraries agree on the entity
 * fields but not on the key strings; keys msal-node would not have written would sit beside
 * the ones it writes on the next refresh, leaving a stale refresh token. An account is kept only
 * with a refresh token of this application: without one it could never get a token.
 */
export function adoptMsalCache(source: CacheDocument, target: AdoptionTarget): AdoptedCache {
  const dropped: Partial<Record<DropReason, number>> = {};
  const drop = (reason: DropReason) => (dropped[reason] = (dropped[reason] ?? 0) + 1);
  const tenant = target.tenantId.toLowerCase();
  const client = target.clientId.toLowerCase();
  const ourCloud = CLOUD_OF_HOST[target.environment.toLowerCase()];

  const candidates: Array<{ section: string; key: string; entity: Entity }> = [];
  for (const [section, entries] of Object.entries(source)) {
    if (section === OBTAINED_AT_SECTION) {
      continue;
    }
    for (const [key, value] of Object.entries(entries)) {
      const entity = value as Entity;
      const cloud = CLOUD_OF_HOST[lower(entity.environment)];
      if (!(MSAL_SECTIONS as readonly string[]).includes(section)) {
        drop("unknownSection");
      } else if (!REQUIRED[section]!.every((field) => typeof entity[field] === "string")) {
        drop("malformed");
      } else if (cloud && ourCloud && cloud !== ourCloud) {
        drop("otherCloud");
      } else {
        candidates.push({ section, key, entity });
      }
    }
  }

  // This tenant's accounts: an `Account` entry in this tenant. A refresh token has no realm; it
  // belongs to this tenant when its account does.
  const ours = new Set(
    candidates
      .filter(({ section, entity }) => section === "Account" && lower(entity.realm) === tenant)
      .map(({ entity }) => lower(entity.home_account_id)),
  );
  const inTenant = ({ section, entity }: { section: string; entity: Entity }) =>
    section === "AppMetadata" ||
    (section === "RefreshToken"
      ? ours.has(lower(entity.home_account_id))
      : lower(entity.realm) === tenant);
  const ofClient = ({ section, entity }: { section: string; entity: Entity }) =>
    section === "Account" || lower(entity.client_id) === client;

  const kept = candidates.filter((candidate) => {
    if (!inTenant(candidate)) {
      drop("otherTenant");
      return false;
    }
    if (!ofClient(candidate)) {
      drop("otherClient");
      return false;
    }
    return true;
  });
  const withRefreshToken = new Set(
    kept
      .filter(({ section }) => section === "RefreshToken")
      .map(({ entity }) => lower(entity.home_account_id)),
  );

  const document = emptyCacheDocument();
  const obtainedAt: Record<string, unknown> = {};
  for (const { section, key, entity } of kept) {
    const owner = entity.home_account_id;
    if (section !== "AppMetadata" && !withRefreshToken.has(lower(owner))) {
      drop("noRefreshToken");
      continue;
    }
    const adopted = adoptEntity(section, entity, target.environment);
    const newKey = cacheEntryKey(section, adopted);
    if (newKey in document[section]!) {
      drop("duplicate");
      continue;
    }
    document[section]![newKey] = adopted;
    // The broker's own exports say when each refresh token was obtained; it stays with the token.
    const time = source[OBTAINED_AT_SECTION]?.[key];
    if (section === "RefreshToken" && typeof time === "number") {
      obtainedAt[newKey] = time;
    }
  }
  if (Object.keys(obtainedAt).length > 0) {
    document[OBTAINED_AT_SECTION] = obtainedAt;
  }
  return { document, dropped };
}

function adoptEntity(section: string, entity: Entity, environment: string): Entity {
  const adopted: Entity = { ...entity, environment };
  if (section === "RefreshToken") {
    // msal-node keys a refresh token by account, environment and client (or family) only; MSAL
    // Python also stores the scopes it was obtained for, which would change the key.
    delete adopted.target;
    delete adopted.realm;
  }
  return adopted;
}

function lower(value: unknown): string {
  return typeof value === "string" ? value.toLowerCase() : "";
}
