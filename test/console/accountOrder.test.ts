import { attentionFirst, scopeLines } from "../../console/accountOrder";
import type { Account, AccountStatus } from "../../console/types";

function account(username: string, status: AccountStatus, scopes: string[][] = []): Account {
  return {
    homeAccountId: `${username}.tenant`,
    username,
    status,
    accessTokenExpiresOn: null,
    lastRefreshAt: null,
    refreshTokenUsedAt: null,
    scopeSets: scopes.map((set) => ({ scopes: set, expiresOn: null })),
  };
}

describe("account order", () => {
  it("puts accounts that need a sign-in first, then failed refreshes, then by username", () => {
    const sorted = attentionFirst([
      account("adele@contoso.com", "active"),
      account("Zoe@contoso.com", "error"),
      account("megan@contoso.com", "login_required"),
      account("Bob@contoso.com", "active"),
      account("alex@contoso.com", "login_required"),
    ]);

    expect(sorted.map((a) => a.username)).toEqual([
      "alex@contoso.com",
      "megan@contoso.com",
      "Zoe@contoso.com",
      "adele@contoso.com",
      "Bob@contoso.com",
    ]);
  });

  it("shows each scope set jobs asked for on its own line", () => {
    const scopes = [["Group.Read.All", "Chat.Read"], [], ["Calendars.Read.Shared"]];

    expect(scopeLines(account("adele@contoso.com", "active", scopes))).toEqual([
      "Group.Read.All Chat.Read",
      "Calendars.Read.Shared",
    ]);
  });

  it("marks the scope sets that lack consent", () => {
    const adele = account("adele@contoso.com", "login_required", [["Chat.Read"], ["Mail.Read"]]);
    adele.scopeSets[1] = { ...adele.scopeSets[1]!, consentMissing: true };

    expect(scopeLines(adele)).toEqual(["Chat.Read", "Mail.Read (needs consent)"]);
  });
});
