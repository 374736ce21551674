/** What `GET /_emulator/stats` reports about the token endpoint. */
export interface TokenRequestCounts {
  total: number;
  /** Keyed by `grant_type` as sent (MSAL's `device_code` and the RFC's URN count apart). */
  byGrantType: Record<string, number>;
  /** Answered by an injected fault instead of the grant handler. */
  faulted: number;
}

/** Counts token endpoint requests, so tests can see how often a client tried or retried. */
export class TokenRequestStats {
  private counts: TokenRequestCounts = emptyCounts();

  /** Counts one request on arrival; `grantType` is undefined when the form has none. */
  count(grantType: string | undefined, faulted: boolean): void {
    const key = grantType === undefined || grantType === "" ? "(none)" : grantType;
    this.counts.total += 1;
    this.counts.byGrantType[key] = (this.counts.byGrantType[key] ?? 0) + 1;
    if (faulted) this.counts.faulted += 1;
  }

  snapshot(): TokenRequestCounts {
    return { ...this.counts, byGrantType: { ...this.counts.byGrantType } };
  }

  reset(): void {
    this.counts = emptyCounts();
  }
}

function emptyCounts(): TokenRequestCounts {
  return { total: 0, byGrantType: {}, faulted: 0 };
}
