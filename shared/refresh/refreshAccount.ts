import type { AccountIndex, AccountRecord } from "../accounts/AccountIndex";
import { BrokerError } from "../http/BrokerError";
import type { RetryAfterRecorder } from "../identity/retryAfterRecorder";
import type { BrokerLog } from "../log/BrokerLog";
import type { TenantSession } from "../tokens/TenantSession";

/** What happened to one account in a refresh. */
export type RefreshResult =
  | { outcome: "refreshed" | "skipped"; retries: number }
  | { outcome: "login_required" | "error"; reason: string; retries: number };

export interface RefreshPolicy {
  aheadSeconds: number;
  keepAliveAfterSeconds: number;
  defaultScopes: string[];
  /** Epoch ms after which no retry starts. */
  deadline: number;
  /** Refresh every scope set now, due or not (the on-demand refresh). */
  force: boolean;
}

export interface RefreshDependencies {
  accounts: AccountIndex;
  network: RetryAfterRecorder;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /**
   * When the session holds its cache writes back, the accounts-table records of refreshed
   * accounts wait here, to be written once the cache is: the table never names a token that the
   * cache does not hold.
   */
  recordLater?: Array<() => Promise<void>>;
}

// Entra answers 5xx and 429 now and then; a few spaced tries ride those out within a run.
const MAX_ATTEMPTS = 4;
const FIRST_BACKOFF_MS = 500;
const NOT_IN_CACHE =
  "The account is no longer in the tenant's token cache; sign in again or restore the cache.";

/**
 * Refreshes one account in an open tenant session: the access tokens of the scope sets that
 * expire within the refresh-ahead time, or one of them when the refresh token has not been used
 * for the keep-alive time. Records the outcome in the accounts table. A refused refresh token
 * marks the account `login_required`; Entra being out of reach marks it `error` and never asks
 * a person for anything.
 */
export async function refreshAccount(
  session: TenantSession,
  record: AccountRecord,
  policy: RefreshPolicy,
  deps: RefreshDependencies,
  log: BrokerLog,
): Promise<RefreshResult> {
  const now = deps.now();
  const account = (await session.accounts()).find((a) => a.homeAccountId === record.homeAccountId);
  if (!account) {
    await deps.accounts.markLoginRequired(
      record.tenantId,
      record.homeAccountId,
      NOT_IN_CACHE,
      undefined,
      now,
    );
    return { outcome: "login_required", reason: NOT_IN_CACHE, retries: 0 };
  }

  const due = dueScopeSets(record, policy, now);
  if (due.length === 0) {
    return { outcome: "skipped", retries: 0 };
  }

  const refreshed: Array<{ scopes: string[]; expiresOn: string }> = [];
  let consentReason: string | undefined;
  let retries = 0;
  for (const scopes of due) {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await session.acquire(account, scopes, true);
        if (outcome.kind === "login_required" && !outcome.accountUnusable) {
          // Consent for these scopes is missing: the refresh token still serves the others.
          await session.forgetAccessTokensFor(account, scopes);
          consentReason = await deps.accounts.markConsentMissing(
            record.tenantId,
            record.homeAccountId,
            scopes,
            outcome.claims,
            deps.now(),
          );
          log.warn("refresh.consent_missing", {
            tenant: record.tenantId,
            account: record.homeAccountId,
            scopes: scopes.join(" "),
          });
          break;
        }
        if (outcome.kind === "login_required" && outcome.aadsts === undefined) {
          // MSAL had no refresh token to try: it was refused before, and that refusal's reason
          // (revoked, expired...) is the one a person can act on.
          const reason = record.status === "login_required" && record.reason;
          if (reason) {
            return { outcome: "login_required", reason, retries };
          }
        }
        if (outcome.kind === "login_required") {
          // The refresh token itself was refused: the account needs a person.
          await session.forgetRefusedTokens(account);
          await deps.accounts.markLoginRequired(
            record.tenantId,
            record.homeAccountId,
            outcome.reason,
            outcome.claims,
            deps.now(),
          );
          log.warn("refresh.login_required", {
            tenant: record.tenantId,
            account: record.homeAccountId,
            reason: outcome.reason,
          });
          return { outcome: "login_required", reason: outcome.reason, retries };
        }
        const expiresOn = (outcome.result.expiresOn ?? new Date(deps.now())).toISOString();
        refreshed.push({ scopes, expiresOn });
        break;
      } catch (error) {
        const wait = retryDelay(error, attempt, deps.network.lastRetryAfterSeconds);
        if (wait === undefined || deps.now() + wait > policy.deadline) {
          const reason = reasonOf(error);
          await deps.accounts.markError(record.tenantId, record.homeAccountId, reason, deps.now());
          log.warn("refresh.failed", {
            tenant: record.tenantId,
            account: record.homeAccountId,
            reason,
            retries,
          });
          return { outcome: "error", reason, retries };
        }
        retries++;
        await deps.sleep(wait);
      }
    }
  }

  const refreshedAt = deps.now();
  const recordRefresh = () =>
    deps.accounts.recordRefresh(record.tenantId, record.homeAccountId, refreshed, refreshedAt, {
      byTimer: true,
      known: record,
    });
  if (deps.recordLater) {
    deps.recordLater.push(recordRefresh);
  } else {
    await recordRefresh();
  }
  log.info("refresh.refreshed", {
    tenant: record.tenantId,
    account: record.homeAccountId,
    scopeSets: refreshed.length,
  });
  return consentReason === undefined
    ? { outcome: "refreshed", retries }
    : { outcome: "login_required", reason: consentReason, retries };
}

/**
 * True when the account has a scope set to refresh or a refresh token to keep alive. An account
 * that needs a sign-in is left alone, unless only some of its scope sets lack consent: its
 * refresh token still serves the others.
 */
export function isDue(record: AccountRecord, policy: Omit<RefreshPolicy, "deadline">, now: number) {
  const refreshTokenWorks =
    record.status !== "login_required" || record.scopeSets.some((set) => set.consentMissing);
  return refreshTokenWorks && dueScopeSets(record, policy, now).length > 0;
}

/** The scope sets to refresh now; never those that lack consent, which Entra would refuse. */
function dueScopeSets(
  record: AccountRecord,
  policy: Omit<RefreshPolicy, "deadline">,
  now: number,
): string[][] {
  const sets =
    record.scopeSets.length > 0
      ? record.scopeSets.filter((set) => !set.consentMissing)
      : [{ scopes: policy.defaultScopes, expiresOn: null }];
  if (sets.length === 0) {
    return [];
  }
  const expiring = sets.filter(
    (set) =>
      policy.force ||
      record.status === "error" ||
      !set.expiresOn ||
      Date.parse(set.expiresOn) - now < policy.aheadSeconds * 1000,
  );
  const idle =
    !record.refreshTokenUsedAt ||
    now - Date.parse(record.refreshTokenUsedAt) > policy.keepAliveAfterSeconds * 1000;
  if (expiring.length === 0 && idle) {
    // Any scope set will do: the point is to use the refresh token before Entra forgets it.
    return [sets[sets.length - 1]!.scopes];
  }
  return expiring.map((set) => set.scopes);
}

/** How long to wait before the next try, or undefined when trying again cannot help. */
function retryDelay(error: unknown, attempt: number, retryAfterSeconds: number | undefined) {
  const transient = error instanceof BrokerError && error.code === "identity_provider_unavailable";
  if (!transient || attempt >= MAX_ATTEMPTS) {
    return undefined;
  }
  if (retryAfterSeconds !== undefined) {
    return retryAfterSeconds * 1000 + Math.random() * 250;
  }
  // Full jitter keeps many instances from retrying in step against a recovering Entra.
  return Math.random() * FIRST_BACKOFF_MS * 2 ** attempt;
}

function reasonOf(error: unknown): string {
  if (error instanceof BrokerError) {
    return error.code === "identity_provider_unavailable"
      ? "Entra ID was unavailable or throttling; the next run tries again."
      : error.detail;
  }
  throw error;
}
