import { BrokerAnswerError } from "./errors";
import { printable } from "./terminalText";

/** A snapshot of a tenant's token cache, as the broker lists it. */
export interface SnapshotAnswer {
  id: string;
  createdOn: string;
  label: string;
  accounts: string[];
  sizeBytes: number;
  /** The accounts the snapshot holds no refresh token for (snapshots taken since it was added). */
  withoutRefreshToken?: string[];
  /** The cache could not be decrypted when the snapshot was taken: its accounts are unknown. */
  unreadable?: true;
}

export interface SnapshotsAnswer {
  tenantId?: string;
  snapshots: SnapshotAnswer[];
}

/** `POST /tenants/{tenant}/cache/restore`. */
export interface RestoreAnswer {
  restoredAccounts: string[];
  safetySnapshot: string | null;
  mode: string;
}

/** `PUT /tenants/{tenant}/cache/import`. */
export interface ImportAnswer extends RestoreAnswer {
  source: string;
  dropped: Record<string, number>;
}

type Fields = Record<string, unknown>;

// As in brokerAnswers: only what the CLI reads is checked, and text it prints is made printable.
function object(value: unknown, what: string): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BrokerAnswerError(`${what} is not an object`);
  }
  return value as Fields;
}

function strings(fields: Fields, name: string, what: string): string[] {
  const value = fields[name];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new BrokerAnswerError(`${what} has no ${name} list`);
  }
  return value.map(printable);
}

function text(fields: Fields, name: string, what: string): string {
  const value = fields[name];
  if (typeof value !== "string") {
    throw new BrokerAnswerError(`${what} has no ${name}`);
  }
  return printable(value);
}

export function readSnapshot(body: unknown, what: string): SnapshotAnswer {
  const fields = object(body, what);
  return {
    id: text(fields, "id", what),
    createdOn: text(fields, "createdOn", what),
    label: text(fields, "label", what),
    accounts: strings(fields, "accounts", what),
    sizeBytes: typeof fields.sizeBytes === "number" ? fields.sizeBytes : 0,
    ...(fields.withoutRefreshToken === undefined
      ? {}
      : { withoutRefreshToken: strings(fields, "withoutRefreshToken", what) }),
    ...(fields.unreadable === true ? { unreadable: true as const } : {}),
  };
}

export function readSnapshotsAnswer(body: unknown): SnapshotsAnswer {
  const fields = object(body, "the snapshots answer");
  if (!Array.isArray(fields.snapshots)) {
    throw new BrokerAnswerError("the snapshots answer has no snapshots list");
  }
  return {
    ...(typeof fields.tenantId === "string" ? { tenantId: printable(fields.tenantId) } : {}),
    snapshots: fields.snapshots.map((entry) => readSnapshot(entry, "a snapshot")),
  };
}

export function readRestoreAnswer(body: unknown): RestoreAnswer {
  const what = "the restore answer";
  const fields = object(body, what);
  const safety = fields.safetySnapshot;
  return {
    restoredAccounts: strings(fields, "restoredAccounts", what),
    safetySnapshot: typeof safety === "string" ? printable(safety) : null,
    mode: text(fields, "mode", what),
  };
}

export function readImportAnswer(body: unknown): ImportAnswer {
  const fields = object(body, "the import answer");
  const dropped: Record<string, number> = {};
  for (const [reason, count] of Object.entries(object(fields.dropped ?? {}, "dropped"))) {
    if (typeof count === "number") dropped[printable(reason)] = count;
  }
  return {
    ...readRestoreAnswer(body),
    source: text(fields, "source", "the import answer"),
    dropped,
  };
}
