/** A set of scopes that jobs asked for, and when its access token expires. */
export interface ScopeSetState {
  scopes: string[];
  expiresOn: string | null;
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
  const others = sets.filter((set) => !sameScopes(set.scopes, scopes));
  return [...others, { scopes: [...scopes], expiresOn }].slice(-MAX_SCOPE_SETS);
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
