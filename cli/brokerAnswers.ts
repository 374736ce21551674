import { BrokerAnswerError } from "./errors";
import { printable } from "./terminalText";

/** The signed-in identity a token belongs to. */
export interface Account {
  homeAccountId: string;
  username: string;
  tenantId: string;
}

/** `200` of `POST /tenants/{tenant}/token`. */
export interface TokenAnswer {
  accessToken: string;
  tokenType: string;
  expiresOn: string;
  scopes: string[];
  account: Account;
}

/** A login waiting for someone to enter `userCode` at `verificationUri`. */
export interface PendingLogin {
  id: string;
  status: "pending";
  userCode: string;
  verificationUri: string;
  message?: string;
  expiresOn?: string;
  /** Seconds to wait between polls when no Retry-After header says otherwise. */
  interval?: number;
}

/** `GET /tenants/{tenant}/logins/{id}`. */
export type LoginState =
  | { id: string; status: "pending" }
  | { id: string; status: "completed"; account: Account; accessTokenExpiresOn?: string }
  | { id: string; status: "declined" }
  | { id: string; status: "expired" }
  | { id: string; status: "failed"; reason?: string };

/** An entry of `GET /tenants/{tenant}/accounts`. */
export interface AccountSummary {
  homeAccountId: string;
  username: string;
  accessTokenExpiresOn?: string;
  status?: string;
}

export interface AccountsAnswer {
  accounts: AccountSummary[];
}

type Fields = Record<string, unknown>;

// Checks only what the CLI reads. An error names the missing field, never a value, because the
// value could be a token. Text read here may end up on a terminal, so it is made printable.
function object(value: unknown, what: string): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BrokerAnswerError(`${what} is not an object`);
  }
  return value as Fields;
}

function text(fields: Fields, name: string, what: string): string {
  const value = fields[name];
  if (typeof value !== "string" || value === "") {
    throw new BrokerAnswerError(`${what} has no ${name}`);
  }
  return printable(value);
}

function optionalText(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  return typeof value === "string" && value !== "" ? printable(value) : undefined;
}

function readAccount(value: unknown, what: string): Account {
  const fields = object(value, what);
  return {
    homeAccountId: text(fields, "homeAccountId", what),
    username: text(fields, "username", what),
    tenantId: optionalText(fields, "tenantId") ?? "",
  };
}

export function readTokenAnswer(body: unknown): TokenAnswer {
  const fields = object(body, "the token answer");
  text(fields, "accessToken", "the token answer");
  readAccount(fields.account, "the token answer's account");
  // The whole answer is kept as sent, so that --json prints it unchanged.
  return fields as unknown as TokenAnswer;
}

export function readPendingLogin(body: unknown, what: string): PendingLogin {
  const fields = object(body, what);
  const interval = fields.interval;
  const login: PendingLogin = {
    id: text(fields, "id", what),
    status: "pending",
    userCode: text(fields, "userCode", what),
    verificationUri: text(fields, "verificationUri", what),
  };
  const message = optionalText(fields, "message");
  const expiresOn = optionalText(fields, "expiresOn");

  if (message !== undefined) login.message = message;
  if (expiresOn !== undefined) login.expiresOn = expiresOn;
  if (typeof interval === "number" && Number.isFinite(interval) && interval >= 0) {
    login.interval = interval;
  }
  return login;
}

/** Reads the `login` member of a `202 login_required` token answer. */
export function readLoginRequired(body: unknown): PendingLogin {
  const fields = object(body, "the login_required answer");
  return readPendingLogin(fields.login, "the login_required answer's login");
}

export function readLoginState(body: unknown): LoginState {
  const what = "the login";
  const fields = object(body, what);
  const id = text(fields, "id", what);
  const status = text(fields, "status", what);

  switch (status) {
    case "pending":
    case "declined":
    case "expired":
      return { id, status };
    case "completed": {
      const completed: LoginState = {
        id,
        status,
        account: readAccount(fields.account, "the completed login's account"),
      };
      const expiresOn = optionalText(fields, "accessTokenExpiresOn");
      if (expiresOn !== undefined) completed.accessTokenExpiresOn = expiresOn;
      return completed;
    }
    case "failed": {
      const reason = optionalText(fields, "reason");
      return reason === undefined ? { id, status } : { id, status, reason };
    }
    default:
      throw new BrokerAnswerError(`the login has the unknown status ${JSON.stringify(status)}`);
  }
}

export function readAccountsAnswer(body: unknown): AccountsAnswer {
  const fields = object(body, "the accounts answer");
  if (!Array.isArray(fields.accounts)) {
    throw new BrokerAnswerError("the accounts answer has no accounts list");
  }

  for (const entry of fields.accounts as unknown[]) {
    const account = object(entry, "an account");
    text(account, "homeAccountId", "an account");
    text(account, "username", "an account");
  }
  // Kept as sent, so that --json prints it unchanged; the table makes each cell printable.
  return fields as unknown as AccountsAnswer;
}
