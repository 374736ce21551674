import { setTimeout as delay } from "node:timers/promises";
import { AccountIndex } from "../shared/accounts/AccountIndex";
import { parseKeyRing } from "../shared/crypto/keyRing";
import { withSignInScopes } from "../shared/identity/EntraClient";
import { asTokenResponse, type TokenResponse } from "../shared/identity/tokenResponse";
import { silentLog } from "../shared/log/BrokerLog";
import { createStorageClients } from "../shared/storage/storageClients";
import type { CacheDocument } from "../shared/tokenCache/cacheDocument";
import { cacheEntriesFromTokenResponse } from "../shared/tokenCache/cacheEntriesFromTokenResponse";
import { TokenCacheStore } from "../shared/tokenCache/TokenCacheStore";
import type { Directory } from "../tools/entra-emulator/emulator";
import type { Stack } from "../tools/local-stack/stack";
import { inParallel } from "./inParallel";

const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
/** Requests to the emulator and to Azurite in flight at once while seeding. */
const PARALLEL = 16;

interface Person {
  tenantId: string;
  username: string;
}

interface SignedIn {
  tokens: TokenResponse;
  requestedAt: number;
}

/**
 * Signs every user of the directory in, the way a completed login leaves an account: the
 * device-code grant is run against the emulator from this process (all device codes first, then
 * every approval, then, after the polling interval, every redemption), and the answers are
 * written with the service's own code into each tenant's token cache (one write per tenant) and
 * into the accounts table. Much faster than 2,000 logins through the API, with the same cache
 * entries and account rows; no login or tenant rows are written, so the timer run that follows
 * discovers each tenant once, as a fresh instance would.
 */
export async function seedAccounts(
  stack: Stack,
  directory: Directory,
  scopes: readonly string[],
): Promise<number> {
  const people: Person[] = directory.tenants.flatMap((tenant) =>
    tenant.users.map((user) => ({ tenantId: tenant.tenantId, username: user.username })),
  );
  const scope = withSignInScopes(scopes).join(" ");

  const deviceCodes = await inParallel(people, PARALLEL, (person) =>
    requestDeviceCode(stack, person, scope),
  );
  const lastIssuedAt = Date.now();
  await inParallel(people, PARALLEL, (person, i) =>
    stack.decide(deviceCodes[i]!.userCode, person.username, "approve"),
  );
  // RFC 8628 section 3.5: no token request before `interval` seconds have passed.
  const interval = Math.max(...deviceCodes.map((code) => code.interval));
  await delay(Math.max(lastIssuedAt + interval * 1000 - Date.now(), 0) + 50);
  const signedIn = await inParallel(people, PARALLEL, (person, i) =>
    redeemDeviceCode(stack, person, deviceCodes[i]!.deviceCode),
  );

  await writeAccounts(stack, people, signedIn, scopes);
  return people.length;
}

async function requestDeviceCode(stack: Stack, person: Person, scope: string) {
  const answer = await stack.emulatorCall(`/${person.tenantId}/oauth2/v2.0/devicecode`, {
    form: { client_id: stack.clientId, scope },
  });
  const body = answer.json as
    { user_code?: unknown; device_code?: unknown; interval?: unknown } | undefined;
  if (
    answer.status !== 200 ||
    typeof body?.user_code !== "string" ||
    typeof body.device_code !== "string"
  ) {
    throw new Error(`The devicecode request for ${person.username} answered ${answer.status}.`);
  }
  return {
    userCode: body.user_code,
    deviceCode: body.device_code,
    interval: Number(body.interval ?? 5),
  };
}

async function redeemDeviceCode(
  stack: Stack,
  person: Person,
  deviceCode: string,
): Promise<SignedIn> {
  const requestedAt = Date.now();
  const answer = await stack.emulatorCall(`/${person.tenantId}/oauth2/v2.0/token`, {
    form: {
      grant_type: DEVICE_CODE_GRANT,
      client_id: stack.clientId,
      device_code: deviceCode,
      client_info: "1",
    },
  });
  const tokens = answer.status === 200 ? asTokenResponse(answer.json) : undefined;
  if (!tokens?.refresh_token) {
    // The body may hold tokens; only the error code is shown.
    const error = (answer.json as { error?: unknown } | undefined)?.error;
    throw new Error(`Redeeming for ${person.username} answered ${answer.status} ${String(error)}.`);
  }
  return { tokens, requestedAt };
}

/** Writes each tenant's accounts into its token cache in one write, then their table rows. */
async function writeAccounts(
  stack: Stack,
  people: readonly Person[],
  signedIn: readonly SignedIn[],
  scopes: readonly string[],
): Promise<void> {
  const storage = createStorageClients(stack.azurite.connectionString);
  await storage.ensureCreated();
  const tokenCaches = new TokenCacheStore(
    storage.tokenCaches,
    parseKeyRing(stack.tokenCacheKeys, "TOKEN_CACHE_KEYS"),
  );
  const accounts = new AccountIndex(storage.accounts);
  const environment = new URL(stack.emulator.url).host;

  const entries = people.map((person, i) => {
    const { tokens, requestedAt } = signedIn[i]!;
    const origin = {
      environment,
      clientId: stack.clientId,
      tenantId: person.tenantId,
      requestedScopes: scopes,
      requestedAt,
    };
    const expiresOn = new Date(requestedAt + tokens.expires_in * 1000).toISOString();
    return { ...cacheEntriesFromTokenResponse(tokens, origin), requestedAt, expiresOn };
  });

  const tenantIds = [...new Set(people.map((person) => person.tenantId))];
  await inParallel(tenantIds, PARALLEL, async (tenantId) => {
    const changes = entries.filter((entry) => entry.account.tenantId === tenantId);
    const change = (document: CacheDocument) =>
      changes.reduce((next, entry) => entry.change(next), document);
    await tokenCaches.update(tenantId, change, silentLog);
  });
  await inParallel(entries, PARALLEL, (entry) =>
    accounts.recordSignIn(
      entry.account.tenantId,
      entry.account,
      scopes,
      entry.expiresOn,
      entry.requestedAt,
    ),
  );
}
