/** What the API shows of one snapshot of a tenant's token cache. */
export interface CacheSnapshot {
  /** The blob snapshot's timestamp, as Azure Storage names it. */
  id: string;
  createdOn: string;
  label: string;
  /** Usernames of the accounts the snapshot holds. */
  accounts: string[];
  sizeBytes: number;
  /**
   * Those of `accounts` that the snapshot holds no refresh token for (they need a sign-in);
   * absent when unknown: a snapshot taken before the broker recorded it, or unreadable.
   */
  withoutRefreshToken?: string[];
  /** Set when the cache could not be decrypted as it was snapshotted: its accounts are unknown. */
  unreadable?: true;
}

export type SnapshotFields = Omit<CacheSnapshot, "id">;

// Metadata values travel as HTTP headers, so they must be ASCII; Azure allows 8 KiB in all.
const ACCOUNTS_BUDGET = 6 * 1024;

/**
 * The blob metadata that describes a snapshot. The label is percent-encoded (readable in the
 * portal when it is plain ASCII) and the accounts are base64url JSON, so that any username fits
 * a header.
 */
export function toSnapshotMetadata(fields: SnapshotFields): Record<string, string> {
  const accounts = [...fields.accounts];
  let encoded = encodeAccounts(accounts);
  // Known gap: a cache with more accounts than fit in the metadata budget (about 60 typical
  // usernames) lists only the first ones in its snapshot; `accountcount` still tells how many.
  while (encoded.length > ACCOUNTS_BUDGET) {
    accounts.pop();
    encoded = encodeAccounts(accounts);
  }
  return {
    label: encodeURIComponent(fields.label),
    createdon: fields.createdOn,
    accounts: encoded,
    accountcount: String(fields.accounts.length),
    sizebytes: String(fields.sizeBytes),
    // Positions in the accounts kept above, which stay well within the metadata budget.
    ...(fields.withoutRefreshToken
      ? { norefreshtoken: positionsOf(fields.withoutRefreshToken, accounts).join(",") || "none" }
      : {}),
    ...(fields.unreadable ? { unreadable: "true" } : {}),
  };
}

/** Reads a snapshot's metadata; a snapshot taken by other means still reads, with blank fields. */
export function fromSnapshotMetadata(
  id: string,
  metadata: Record<string, string> | undefined,
  contentLength: number | undefined,
): CacheSnapshot {
  const fields = metadata ?? {};
  const snapshot: CacheSnapshot = {
    id,
    createdOn: validTime(fields.createdon) ?? snapshotTime(id),
    label: decodeLabel(fields.label ?? ""),
    accounts: decodeAccounts(fields.accounts ?? ""),
    sizeBytes: contentLength ?? Number(fields.sizebytes ?? 0),
  };
  if (fields.norefreshtoken !== undefined) {
    snapshot.withoutRefreshToken = atPositions(fields.norefreshtoken, snapshot.accounts);
  }
  return fields.unreadable === "true" ? { ...snapshot, unreadable: true } : snapshot;
}

/** When Azure Storage took the snapshot (its own clock, which metadata cannot change). */
export function snapshotTime(id: string): string {
  return new Date(Date.parse(id)).toISOString();
}

function positionsOf(names: readonly string[], accounts: readonly string[]): number[] {
  return names.map((name) => accounts.indexOf(name)).filter((position) => position >= 0);
}

function atPositions(text: string, accounts: readonly string[]): string[] {
  return text
    .split(",")
    .map((position) => accounts[Number(position)])
    .filter((name) => name !== undefined);
}

function encodeAccounts(accounts: string[]): string {
  return Buffer.from(JSON.stringify(accounts), "utf8").toString("base64url");
}

function decodeAccounts(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    return Array.isArray(parsed) ? parsed.filter((name) => typeof name === "string") : [];
  } catch {
    return [];
  }
}

function decodeLabel(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function validTime(text: string | undefined): string | undefined {
  return text && !Number.isNaN(Date.parse(text)) ? text : undefined;
}
