import { restorePlanLines } from "../../console/messages";
import { currentAccount, planRestore, type CurrentAccount } from "../../console/restorePlan";
import type { Account } from "../../console/types";

const ADELE = "adele@contoso.com";
const MEGAN = "megan@contoso.com";
const BOB = "bob@contoso.com";
const LYNNE = "lynne@contoso.com";

/** Accounts signed in now, each with a refresh token unless named in `without`. */
function signedIn(names: string[], without: string[] = []): CurrentAccount[] {
  return names.map((username) => ({ username, hasRefreshToken: !without.includes(username) }));
}

function snapshot(accounts: string[], withoutRefreshToken: string[] = []) {
  return { accounts, withoutRefreshToken };
}

describe("restore plan", () => {
  it("names who comes back, who stays, and who is not in the snapshot, ignoring case", () => {
    expect(
      planRestore(signedIn([ADELE, BOB]), snapshot([MEGAN, "ADELE@contoso.com"]), "merge"),
    ).toMatchObject({
      comeBack: [MEGAN],
      stay: ["ADELE@contoso.com"],
      notInSnapshot: [BOB],
      mode: "merge",
    });
  });

  it("says that replace removes the accounts the snapshot lacks", () => {
    const lines = restorePlanLines(
      planRestore(signedIn([ADELE, BOB]), snapshot([ADELE, MEGAN]), "replace"),
    );

    expect(lines).toEqual([
      `Come back: ${MEGAN}.`,
      `Stay signed in, with the newer of their two refresh tokens: ${ADELE}.`,
      `Removed, as they are not in the snapshot: ${BOB}.`,
    ]);
  });

  it("says that merge keeps them", () => {
    const lines = restorePlanLines(planRestore(signedIn([BOB]), snapshot([ADELE]), "merge"));

    expect(lines).toEqual([`Come back: ${ADELE}.`, `Kept as they are: ${BOB}.`]);
  });

  it("says when nothing changes", () => {
    expect(restorePlanLines(planRestore([], snapshot([]), "replace"))).toEqual([
      "No account changes: the snapshot and the cache hold no accounts.",
    ]);
  });

  describe("accounts without a refresh token on one side or both", () => {
    const now = signedIn([ADELE, MEGAN, BOB], [ADELE, BOB]);
    const taken = snapshot([ADELE, MEGAN, BOB, LYNNE], [ADELE, MEGAN, LYNNE]);

    it("keeps them out of the line of accounts with two refresh tokens, in a merge", () => {
      expect(restorePlanLines(planRestore(now, taken, "merge"))).toEqual([
        `Come back, but need a sign-in, as the snapshot holds no refresh token for them: ${LYNNE}.`,
        `Stay signed in with their current refresh token (the snapshot holds none for them): ${MEGAN}.`,
        `Get the snapshot's refresh token back and stay signed in: ${BOB}.`,
        "Still need a sign-in: neither the cache nor the snapshot holds a refresh token for " +
          `them: ${ADELE}.`,
      ]);
    });

    it("says that a replace drops the refresh token the snapshot lacks", () => {
      expect(restorePlanLines(planRestore(now, taken, "replace"))).toContain(
        `Lose their refresh token and need a sign-in, as the snapshot holds none for them: ${MEGAN}.`,
      );
    });

    it("does not claim two refresh tokens when the snapshot does not say", () => {
      const lines = restorePlanLines(planRestore(now, { accounts: [ADELE, MEGAN] }, "merge"));

      expect(lines).toEqual([
        "In both; keep the newer refresh token if the snapshot holds one (it does not say): " +
          `${ADELE}, ${MEGAN}.`,
        `Kept as they are: ${BOB}.`,
      ]);
    });
  });

  it("takes an account that needs a sign-in as holding no refresh token", () => {
    const account = (status: Account["status"]): Account => ({
      homeAccountId: "adele.tenant",
      username: ADELE,
      status,
      accessTokenExpiresOn: null,
      lastRefreshAt: null,
      refreshTokenUsedAt: null,
      scopeSets: [],
    });

    expect(currentAccount(account("login_required")).hasRefreshToken).toBe(false);
    expect(currentAccount(account("active")).hasRefreshToken).toBe(true);
    expect(currentAccount(account("error")).hasRefreshToken).toBe(true);
  });

  it("takes an account whose scopes lack consent only in part as holding its refresh token", () => {
    const adele: Account = {
      homeAccountId: "adele.tenant",
      username: ADELE,
      status: "login_required",
      accessTokenExpiresOn: null,
      lastRefreshAt: null,
      refreshTokenUsedAt: null,
      scopeSets: [
        { scopes: ["Chat.Read"], expiresOn: "2030-01-01T00:00:00.000Z" },
        { scopes: ["Mail.Read"], expiresOn: null, consentMissing: true },
      ],
    };

    expect(currentAccount(adele).hasRefreshToken).toBe(true);
  });
});
