/** A set of scopes that jobs asked for, and when its access token expires. */
export interface ScopeSetState {
  scopes: string[];
  expiresOn: string | null;
  /**
   * Entra refused these scopes for want of consent (AADSTS65001): the account's refresh token
   * still works for its other scope sets, and a job asking for these gets a sign-in prompt.
   */
  consentMissing?: true;
}

// An account keeps the scope sets of its last jobs; older ones are forgotten beyond this.
const MAX_SCOPE_SETS = 20;

/** Two scope sets are the same when they hold the same scopes in any order and case. */
export function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  const key = (scopes: readonly string[]) =>
    [...new Set(scopes.map((s) => s.toLowerCase()))].sort().join(" ");
  return key(a) === key(b);
}

/** The scope sets with `scopes` recorded as expiring at `expiresOn`, most recent last. */
export function withScopeSet(
  sets: readonly ScopeSetState[],
  scopes: readonly string[],
  expiresOn: string | null,
): ScopeSetState[] {
  return withSet(sets, { scopes: [...scopes], expiresOn });
}

/** The scope sets with `scopes` marked as lacking consent, holding no access token. */
export function withConsentMissing(
  sets: readonly ScopeSetState[],
  scopes: readonly string[],
): ScopeSetState[] {
  return withSet(sets, { scopes: [...scopes], expiresOn: null, consentMissing: true });
}

/** The scope sets with `added` in place of the set of the same scopes, most recent last. */
function withSet(sets: readonly ScopeSetState[], added: ScopeSetState): ScopeSetState[] {
  const others = sets.filter((set) => !sameScopes(set.scopes, added.scopes));
  return [...others, added].slice(-MAX_SCOPE_SETS);
}

/** Why an account whose scope sets lack consent needs attention; undefined when none does. */
export function consentMissingReason(sets: readonly ScopeSetState[]): string | undefined {
  const missing = sets.filter((set) => set.consentMissing);
  if (missing.length === 0) {
    return undefined;
  }
  const named = missing.map((set) => set.scopes.join(" ")).join("; ");
  const others = missing.length < sets.length ? " Its other scopes keep working." : "";
  return (
    `Consent for ${named} is missing or was withdrawn; an admin or the user must consent, ` +
    `and a job asking for these scopes gets a sign-in prompt.${others}`
  );
}

/** The earliest expiry among the sets' access tokens; null when none holds a token. */
export function earliestExpiry(sets: readonly ScopeSetState[]): string | null {
  const times = sets.flatMap((set) => (set.expiresOn ? [Date.parse(set.expiresOn)] : []));
  return times.length === 0 ? null : new Date(Math.min(...times)).toISOString();
}

export function parseScopeSets(text: string | undefined): ScopeSetState[] {
  try {
    const parsed: unknown = JSON.parse(text ?? "[]");
    return Array.isArray(parsed) ? (parsed as ScopeSetState[]) : [];
  } catch {
    return [];
  }
}
