import { BrokerError } from "../http/BrokerError";

/**
 * The failures of reading a snapshot or an imported file. `what` names the source in the
 * caller's words ("the snapshot", "the file"); no detail ever holds content of the source.
 */
export const backupProblems = {
  unreadable: (what: string, reason: string) =>
    new BrokerError("backup_unreadable", `${capitalize(what)} cannot be read: ${reason}.`),

  keyUnknown: (what: string, keyId: string) =>
    new BrokerError(
      "backup_key_unknown",
      `${capitalize(what)} is sealed with key "${safeKeyId(keyId)}", which is not in ` +
        "TOKEN_CACHE_KEYS. Add that key to the ring, after the current one, to read it. " +
        "Nothing was changed.",
    ),

  wrongTenant: (what: string, found: string, expected: string) =>
    new BrokerError(
      "backup_wrong_tenant",
      `${capitalize(what)} belongs to tenant ${safeId(found)}, not ${expected}. ` +
        "Nothing was changed.",
    ),

  wrongClient: (what: string, found: string, expected: string) =>
    new BrokerError(
      "backup_wrong_client",
      `${capitalize(what)} was made for application ${safeId(found)}, not ${expected}. ` +
        "Nothing was changed.",
    ),

  notATokenCache: (what: string, reason: string) =>
    new BrokerError("not_a_token_cache", `${capitalize(what)} ${reason}. Nothing was changed.`),

  nothingToImport: (what: string, dropped: Record<string, number | undefined>) =>
    new BrokerError(
      "nothing_to_import",
      `${capitalize(what)} holds no account of this tenant and application with a refresh ` +
        `token (cache entries left out: ${countsText(dropped)}). Nothing was changed.`,
    ),
};

function countsText(counts: Record<string, number | undefined>): string {
  const parts = Object.entries(counts).map(([reason, count]) => `${reason} ${count ?? 0}`);
  return parts.length === 0 ? "nothing" : parts.join(", ");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Ids come from the file; only what an id may hold is repeated back.
function safeKeyId(keyId: string): string {
  return keyId.replace(/[^A-Za-z0-9._-]/g, "?").slice(0, 64);
}

function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9.-]/g, "?").slice(0, 64);
}
