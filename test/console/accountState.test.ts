import { lacksConsentInPart, refreshTokenWorks } from "../../console/accountState";
import type { Account, AccountStatus, ScopeSet } from "../../console/types";

function account(status: AccountStatus, scopeSets: ScopeSet[]): Account {
  return {
    homeAccountId: "adele.tenant",
    username: "adele@contoso.com",
    status,
    accessTokenExpiresOn: null,
    lastRefreshAt: null,
    refreshTokenUsedAt: null,
    scopeSets,
  };
}

const working: ScopeSet = { scopes: ["Chat.Read"], expiresOn: "2030-01-01T00:00:00.000Z" };
const refused: ScopeSet = { scopes: ["Mail.Read"], expiresOn: null, consentMissing: true };

describe("account state", () => {
  it("takes an account that needs a sign-in as having lost its refresh token", () => {
    expect(refreshTokenWorks(account("login_required", [working]))).toBe(false);
    expect(refreshTokenWorks(account("login_required", [refused]))).toBe(false);
    expect(refreshTokenWorks(account("active", [working]))).toBe(true);
    expect(refreshTokenWorks(account("error", [working]))).toBe(true);
  });

  it("keeps the refresh token of an account whose scopes lack consent only in part", () => {
    const adele = account("login_required", [working, refused]);

    expect(lacksConsentInPart(adele)).toBe(true);
    expect(refreshTokenWorks(adele)).toBe(true);
    expect(lacksConsentInPart(account("login_required", [refused]))).toBe(false);
  });
});
