import type { Account, AccountStatus } from "./types.js";

// What needs a person first, then what failed on its own, then the healthy ones.
const RANK: Readonly<Record<AccountStatus, number>> = { login_required: 0, error: 1, active: 2 };

/** The accounts with those that need attention first, then by username. */
export function attentionFirst(accounts: readonly Account[]): Account[] {
  return [...accounts].sort(
    (a, b) =>
      (RANK[a.status] ?? 0) - (RANK[b.status] ?? 0) ||
      a.username.localeCompare(b.username, "en", { sensitivity: "base" }),
  );
}

/**
 * The scope sets jobs asked for, one line each: "Group.Read.All Chat.Read", marked when they lack
 * consent.
 */
export function scopeLines(account: Account): string[] {
  return account.scopeSets
    .filter((set) => set.scopes.join("") !== "")
    .map((set) => set.scopes.join(" ") + (set.consentMissing ? " (needs consent)" : ""));
}
