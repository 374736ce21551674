import type {
  Account,
  Login,
  RestoreMode,
  RestoreReport,
  Snapshot,
  TenantOverview,
} from "./types.js";

/** Why a call failed, in the terms the page acts on. */
export type ApiFailure =
  | { kind: "unauthorized" }
  | { kind: "unreachable" }
  | { kind: "problem"; status: number; code: string; title: string; detail: string };

export class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.kind);
    this.name = "ApiError";
  }
}

/** An answer's body with the `Retry-After` it came with, in seconds. */
export interface Answer<T> {
  body: T;
  retryAfterSeconds: number | undefined;
}

const TIMEOUT_MS = 30_000;

/**
 * The broker's keyed HTTP API, seen from the page: every call carries the function key in the
 * `x-functions-key` header (never in the URL), and every failure becomes an {@link ApiError}.
 */
export class BrokerApi {
  constructor(
    private readonly base: URL,
    private readonly key: () => string | undefined,
  ) {}

  async listTenants(): Promise<TenantOverview[]> {
    return (await this.call<{ tenants: TenantOverview[] }>("GET", "tenants")).body.tenants;
  }

  async listAccounts(tenant: string): Promise<{ tenantId: string; accounts: Account[] }> {
    return (
      await this.call<{ tenantId: string; accounts: Account[] }>("GET", at(tenant, "accounts"))
    ).body;
  }

  async refreshAccount(tenant: string, account: Account): Promise<Account> {
    const path = at(tenant, "accounts", account.homeAccountId, "refresh");
    return (await this.call<Account>("POST", path)).body;
  }

  async removeAccount(tenant: string, account: Account): Promise<void> {
    await this.call("DELETE", at(tenant, "accounts", account.homeAccountId));
  }

  startLogin(tenant: string, scopes: string[]): Promise<Answer<Login>> {
    return this.call<Login>("POST", at(tenant, "logins"), scopes.length > 0 ? { scopes } : {});
  }

  pollLogin(tenant: string, id: string, signal: AbortSignal): Promise<Answer<Login>> {
    return this.call<Login>("GET", at(tenant, "logins", id), undefined, signal);
  }

  async listSnapshots(tenant: string): Promise<Snapshot[]> {
    const path = at(tenant, "cache", "snapshots");
    return (await this.call<{ snapshots: Snapshot[] }>("GET", path)).body.snapshots;
  }

  async takeSnapshot(tenant: string, label: string): Promise<Snapshot> {
    const body = label === "" ? {} : { label };
    return (await this.call<Snapshot>("POST", at(tenant, "cache", "snapshots"), body)).body;
  }

  async restoreSnapshot(tenant: string, snapshot: string, mode: RestoreMode) {
    const body = { snapshot, mode };
    return (await this.call<RestoreReport>("POST", at(tenant, "cache", "restore"), body)).body;
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { accept: "application/json" };
    const key = this.key();
    if (key === undefined) {
      throw new ApiError({ kind: "unauthorized" });
    }
    headers["x-functions-key"] = key;
    if (body !== undefined) {
      headers["content-type"] = "application/json";
    }

    const timeout = AbortSignal.timeout(TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base), {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) {
        throw error;
      }
      throw new ApiError({ kind: "unreachable" });
    }

    if (!response.ok) {
      throw new ApiError(await failureOf(response));
    }
    const text = await response.text();
    const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN);
    return {
      body: (text === "" ? undefined : JSON.parse(text)) as T,
      retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
    };
  }
}

/** A path under the API for a tenant, each part escaped. */
function at(tenant: string, ...parts: string[]): string {
  return ["tenants", tenant, ...parts].map(encodeURIComponent).join("/");
}

async function failureOf(response: Response): Promise<ApiFailure> {
  if (response.status === 401) {
    return { kind: "unauthorized" };
  }
  const problem = (await response.json().catch(() => undefined)) as
    { type?: string; title?: string; detail?: string } | undefined;
  return {
    kind: "problem",
    status: response.status,
    code: problem?.type?.split(":").pop() ?? "",
    title: problem?.title ?? response.statusText ?? `HTTP ${response.status}`,
    detail: problem?.detail ?? "",
  };
}
