import type { AccountInfo } from "@azure/msal-node";
import type { AccountIndex } from "../accounts/AccountIndex";
import { BrokerError } from "../http/BrokerError";
import type { BrokerLog } from "../log/BrokerLog";
import type { Login } from "../logins/Login";
import type { Logins } from "../logins/Logins";
import type { Tenant } from "../tenants/TenantDirectory";
import type { CachedAccount } from "../tokenCache/cacheEntriesFromTokenResponse";
import { TenantSession, type TenantSessionDependencies } from "./TenantSession";

/** What a job asks for. `account` is a username or a home account id. */
export interface TokenRequest {
  scopes: string[];
  account?: string;
}

/** An access token for a job, or the login a person must complete first. */
export type TokenAnswer =
  | {
      kind: "token";
      accessToken: string;
      expiresOn: string;
      scopes: string[];
      account: CachedAccount;
    }
  | { kind: "login_required"; reason: string; login: Login };

export interface TokenBrokerDependencies extends TenantSessionDependencies {
  accounts: AccountIndex;
  logins: Logins;
}

/**
 * Hands access tokens to jobs from the tenant's token cache, refreshed by MSAL with the refresh
 * token when needed. When no token can be had without a person, it answers with the login that
 * is pending for the tenant and scopes, starting one if needed.
 */
export class TokenBroker {
  constructor(private readonly deps: TokenBrokerDependencies) {}

  async acquire(tenant: Tenant, request: TokenRequest, log: BrokerLog): Promise<TokenAnswer> {
    const session = new TenantSession(this.deps, tenant, log);
    const account = pickAccount(await session.accounts(), request.account);
    if (!account) {
      const reason = request.account
        ? `Account '${request.account}' is not signed in for this tenant.`
        : "No account is signed in for this tenant.";
      return this.loginRequired(tenant, request.scopes, reason, undefined, log);
    }

    const outcome = await session.acquire(account, request.scopes);
    const now = this.deps.now();
    if (outcome.kind === "login_required") {
      let { reason, claims } = outcome;
      const known = await this.deps.accounts.get(tenant.tenantId, account.homeAccountId);
      if (outcome.aadsts === undefined && known?.status === "login_required") {
        // The refusal came earlier (the timer's, or another job's): its reason and claims stand.
        reason = known.reason ?? reason;
        claims = known.claims;
      } else if (outcome.accountUnusable) {
        await this.deps.accounts.markLoginRequired(
          tenant.tenantId,
          account.homeAccountId,
          reason,
          claims,
          now,
        );
      }
      log.warn("token.login_required", {
        tenant: tenant.tenantId,
        account: account.homeAccountId,
        reason,
      });
      return this.loginRequired(tenant, request.scopes, reason, claims, log);
    }

    const { result } = outcome;
    const expiresOn = (result.expiresOn ?? new Date(now)).toISOString();
    if (outcome.refreshed) {
      log.info("token.refreshed", { tenant: tenant.tenantId, account: account.homeAccountId });
      await this.deps.accounts.recordRefresh(
        tenant.tenantId,
        account.homeAccountId,
        [{ scopes: request.scopes, expiresOn }],
        now,
        { byTimer: false },
      );
    }
    return {
      kind: "token",
      accessToken: result.accessToken,
      expiresOn,
      scopes: result.scopes,
      account: {
        homeAccountId: account.homeAccountId,
        username: account.username,
        tenantId: account.tenantId,
      },
    };
  }

  private async loginRequired(
    tenant: Tenant,
    scopes: string[],
    reason: string,
    claims: string | undefined,
    log: BrokerLog,
  ): Promise<TokenAnswer> {
    const login = await this.deps.logins.findOrStart(tenant, scopes, log, claims);
    return { kind: "login_required", reason, login };
  }
}

/**
 * The account a request names, by username (case-insensitive) or home account id; the only
 * account when none is named. Several accounts and none named is the caller's mistake.
 */
function pickAccount(accounts: AccountInfo[], wanted: string | undefined): AccountInfo | undefined {
  if (wanted === undefined) {
    if (accounts.length > 1) {
      throw new BrokerError(
        "account_required",
        `This tenant has ${accounts.length} signed-in accounts; name one in 'account'.`,
      );
    }
    return accounts[0];
  }
  const needle = wanted.toLowerCase();
  return accounts.find(
    (a) => a.username.toLowerCase() === needle || a.homeAccountId.toLowerCase() === needle,
  );
}
