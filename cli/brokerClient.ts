import {
  readAccountsAnswer,
  readLoginRequired,
  readLoginState,
  readPendingLogin,
  readTokenAnswer,
  type AccountsAnswer,
  type LoginState,
  type PendingLogin,
  type TokenAnswer,
} from "./brokerAnswers";
import {
  readImportAnswer,
  readRestoreAnswer,
  readSnapshot,
  readSnapshotsAnswer,
  type ImportAnswer,
  type RestoreAnswer,
  type SnapshotAnswer,
  type SnapshotsAnswer,
} from "./snapshotAnswers";
import type { Clock } from "./clock";
import { BrokerAnswerError, BrokerProblemError, BrokerUnreachableError } from "./errors";
import { messages } from "./messages";
import { parseRetryAfter } from "./retryAfter";
import { printable } from "./terminalText";

export interface BrokerClientOptions {
  /** The broker's base URL; API paths are appended to it. */
  baseUrl: string;
  /** The function key, sent only to the base URL's origin. */
  key: string;
  clock: Clock;
  /** Waits before each new attempt after a network error; the default makes three retries. */
  retryDelaysMs?: readonly number[];
  requestTimeoutMs?: number;
}

/** A login someone has to complete, and where and when to ask about it. */
export interface LoginTicket {
  login: PendingLogin;
  /** Absolute URL of the login, on the broker's origin. */
  location: string;
  retryAfterSeconds: number | undefined;
}

export type TokenResult =
  { kind: "token"; token: TokenAnswer } | { kind: "loginRequired"; ticket: LoginTicket };

export interface LoginPoll {
  state: LoginState;
  retryAfterSeconds: number | undefined;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  /** The body as received, for answers kept as files. */
  text: string;
}

type Method = "GET" | "POST" | "PUT";

const defaultRetryDelaysMs = [250, 500, 1000];
const defaultRequestTimeoutMs = 30_000;

/** Calls the token broker's HTTP API. Every method throws a `CliError` subclass on failure. */
export class BrokerClient {
  private readonly base: string;
  private readonly origin: string;
  private readonly retryDelaysMs: readonly number[];
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: BrokerClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.origin = new URL(options.baseUrl).origin;
    this.retryDelaysMs = options.retryDelaysMs ?? defaultRetryDelaysMs;
    this.requestTimeoutMs = options.requestTimeoutMs ?? defaultRequestTimeoutMs;
  }

  async requestToken(tenant: string, scopes: string[], account?: string): Promise<TokenResult> {
    const url = this.tenantUrl(tenant, "token");
    const body = account === undefined ? { scopes } : { scopes, account };
    const answer = await this.send("POST", url, body);

    if (answer.status === 200) {
      return { kind: "token", token: readTokenAnswer(answer.body) };
    }
    if (answer.status === 202) {
      const login = readLoginRequired(answer.body);
      return { kind: "loginRequired", ticket: this.ticket(tenant, login, answer) };
    }
    throw new BrokerAnswerError(`the token request answered HTTP ${answer.status}`);
  }

  async startLogin(tenant: string, scopes: string[]): Promise<LoginTicket> {
    const url = this.tenantUrl(tenant, "logins");
    const answer = await this.send("POST", url, scopes.length > 0 ? { scopes } : {});

    const login = readPendingLogin(answer.body, "the started login");
    return this.ticket(tenant, login, answer);
  }

  async getLogin(location: string): Promise<LoginPoll> {
    const answer = await this.send("GET", location);

    return {
      state: readLoginState(answer.body),
      retryAfterSeconds: this.retryAfter(answer.headers),
    };
  }

  async listAccounts(tenant: string): Promise<AccountsAnswer> {
    const answer = await this.send("GET", this.tenantUrl(tenant, "accounts"));

    return readAccountsAnswer(answer.body);
  }

  async createSnapshot(tenant: string, label: string | undefined): Promise<SnapshotAnswer> {
    const url = this.tenantUrl(tenant, "cache", "snapshots");
    const answer = await this.send("POST", url, label === undefined ? {} : { label });

    return readSnapshot(answer.body, "the snapshot");
  }

  async listSnapshots(tenant: string): Promise<SnapshotsAnswer> {
    const answer = await this.send("GET", this.tenantUrl(tenant, "cache", "snapshots"));

    return readSnapshotsAnswer(answer.body);
  }

  async restore(
    tenant: string,
    snapshot: string,
    mode: string | undefined,
  ): Promise<RestoreAnswer> {
    const url = this.tenantUrl(tenant, "cache", "restore");
    const answer = await this.send(
      "POST",
      url,
      mode === undefined ? { snapshot } : { snapshot, mode },
    );

    return readRestoreAnswer(answer.body);
  }

  /** The encrypted export file, exactly as the broker sent it. */
  async exportCache(tenant: string): Promise<string> {
    const answer = await this.send("GET", this.tenantUrl(tenant, "cache", "export"));

    return answer.text;
  }

  async importCache(tenant: string, file: string, mode: string | undefined): Promise<ImportAnswer> {
    const query = mode === undefined ? "" : `?mode=${encodeURIComponent(mode)}`;
    const answer = await this.send(
      "PUT",
      `${this.tenantUrl(tenant, "cache", "import")}${query}`,
      file,
    );

    return readImportAnswer(answer.body);
  }

  private tenantUrl(tenant: string, ...segments: string[]): string {
    const path = [tenant, ...segments].map(encodeURIComponent).join("/");
    return `${this.base}/api/tenants/${path}`;
  }

  private ticket(tenant: string, login: PendingLogin, answer: Answer): LoginTicket {
    return {
      login,
      location: this.resolveLocation(answer.headers.get("location"), tenant, login.id),
      retryAfterSeconds: this.retryAfter(answer.headers),
    };
  }

  // The key goes wherever the Location points, so only the broker's own origin is followed. A
  // broker behind a proxy can name its inner host instead; the login's own route is used then.
  private resolveLocation(header: string | null, tenant: string, id: string): string {
    const url = header ? parseUrl(header, `${this.base}/`) : undefined;

    return url?.origin === this.origin ? url.href : this.tenantUrl(tenant, "logins", id);
  }

  private retryAfter(headers: Headers): number | undefined {
    return parseRetryAfter(headers.get("retry-after"), this.options.clock.now());
  }

  // Retries only when no answer came at all. An answer, even a 5xx, is returned to the caller,
  // which knows whether a person is still signing in and waiting longer is worth it.
  // Known gap: a POST whose answer was lost after the broker acted on it is sent again, which can
  // start a second login; the broker would need an idempotency key to recognise the repeat.
  private async send(method: Method, url: string, body?: object | string): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sendOnce(method, url, body);
      } catch (error) {
        const delay = this.retryDelaysMs[attempt];
        if (!(error instanceof BrokerUnreachableError) || delay === undefined) throw error;
        await this.options.clock.sleep(delay);
      }
    }
  }

  // A string body is sent as it is (an imported file); an object is sent as JSON.
  private async sendOnce(method: Method, url: string, body?: object | string): Promise<Answer> {
    const headers: Record<string, string> = {
      accept: "application/json",
      "x-functions-key": this.options.key,
    };
    if (body !== undefined) headers["content-type"] = "application/json";

    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(body === undefined
          ? {}
          : { body: typeof body === "string" ? body : JSON.stringify(body) }),
        // A redirect would carry the key to wherever it points; fetch keeps custom headers.
        redirect: "manual",
        // Known gap: this bounds a request by its own timeout, not by --timeout, so a broker that
        // hangs can hold the CLI that long past the deadline; passing the deadline in would fix it.
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new BrokerUnreachableError(this.origin, error);
    }

    if (response.status >= 400) throw this.problemError(response, text);
    if (response.status >= 300) {
      throw new BrokerAnswerError(`a redirect (HTTP ${response.status}) was not followed`);
    }
    return { status: response.status, headers: response.headers, body: parseJson(text), text };
  }

  private problemError(response: Response, text: string): BrokerProblemError {
    const problem = readProblem(text);
    const message =
      problem.title === undefined
        ? messages.statusWithoutProblem(response.status, printable(response.statusText))
        : messages.problem(problem.title, problem.detail);

    return new BrokerProblemError(message, response.status, this.retryAfter(response.headers));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes the body, which could hold a token, so it is dropped.
    throw new BrokerAnswerError("the body is not JSON");
  }
}

// Only a problem's title and detail are shown; any other body is left unread, since a body that
// is not a problem could hold a token.
function readProblem(text: string): { title?: string; detail?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }

  const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const problem: { title?: string; detail?: string } = {};
  if (typeof fields.title === "string" && fields.title !== "") {
    problem.title = printable(fields.title);
  }
  if (typeof fields.detail === "string" && fields.detail !== "") {
    problem.detail = printable(fields.detail);
  }
  return problem;
}

function parseUrl(text: string, base: string): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}
