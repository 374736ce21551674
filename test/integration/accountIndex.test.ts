import { randomUUID } from "node:crypto";
import { AccountIndex } from "../../shared/accounts/AccountIndex";
import { createStorageClients } from "../../shared/storage/storageClients";
import { startAzurite, type RunningAzurite } from "../../tools/local-stack/azurite";

const REVOKED = "The session was revoked; sign in again.";
const RESTORED_WITHOUT =
  "The restored cache holds no refresh token for this account; sign in again.";
const NOW = Date.parse("2026-03-02T08:00:00.000Z");
const LATER = "2026-03-02T09:00:00.000Z";

describe("accounts table on Azurite", () => {
  let azurite: RunningAzurite;
  let accounts: AccountIndex;

  beforeAll(async () => {
    azurite = await startAzurite();
    const storage = createStorageClients(azurite.connectionString);
    await storage.ensureCreated();
    accounts = new AccountIndex(storage.accounts);
  });
  afterAll(() => azurite.stop({ removeData: true }));

  /** A new tenant with adele signed in for Chat.Read, the scope sets given more. */
  async function signedInAdele(...more: string[][]) {
    const tenant = randomUUID();
    const adele = { homeAccountId: `adele.${tenant}`, username: "adele@contoso.example" };
    for (const scopes of [["Chat.Read"], ...more]) {
      await accounts.recordSignIn(tenant, adele, scopes, LATER, NOW);
    }
    return { tenant, id: adele.homeAccountId, adele };
  }

  describe("after a restore", () => {
    /** Restores adele after her session was revoked. */
    async function restore(hadRefreshToken: boolean, hasRefreshToken: boolean) {
      const { tenant, id, adele } = await signedInAdele();
      await accounts.markLoginRequired(tenant, id, REVOKED, undefined, NOW);
      await accounts.recordRestored(tenant, adele, {
        hasRefreshToken,
        hadRefreshToken,
        scopeSets: [],
      });
      return accounts.get(tenant, id);
    }

    it("keeps the reason of an account that had no refresh token and still has none", async () => {
      expect(await restore(false, false)).toMatchObject({
        status: "login_required",
        reason: REVOKED,
      });
    });

    it("says the restored cache lacks a refresh token when the cache had one before", async () => {
      expect(await restore(true, false)).toMatchObject({
        status: "login_required",
        reason: RESTORED_WITHOUT,
      });
    });

    it("makes the account active when a refresh token came back", async () => {
      const account = await restore(false, true);

      expect(account).toMatchObject({ status: "active" });
      expect(account?.reason).toBeUndefined();
    });
  });

  describe("scopes that lack consent", () => {
    it("marks the scope set and the account, naming the scopes and that the others work", async () => {
      const { tenant, id } = await signedInAdele(["Mail.Read"]);

      await accounts.markConsentMissing(tenant, id, ["Mail.Read"], undefined, NOW);

      const account = await accounts.get(tenant, id);
      expect(account).toMatchObject({
        status: "login_required",
        reason: expect.stringMatching(/^Consent for Mail\.Read .*other scopes keep working/),
        scopeSets: [
          { scopes: ["Chat.Read"], expiresOn: LATER },
          { scopes: ["Mail.Read"], expiresOn: null, consentMissing: true },
        ],
      });
    });

    it("stays marked when a job gets a token for other scopes or a restore brings tokens back", async () => {
      const { tenant, id, adele } = await signedInAdele(["Mail.Read"]);
      await accounts.markConsentMissing(tenant, id, ["Mail.Read"], undefined, NOW);

      await accounts.recordRefresh(tenant, id, [{ scopes: ["Chat.Read"], expiresOn: LATER }], NOW, {
        byTimer: false,
      });
      expect(await accounts.get(tenant, id)).toMatchObject({ status: "login_required" });

      await accounts.recordRestored(tenant, adele, {
        hasRefreshToken: true,
        hadRefreshToken: true,
        scopeSets: [{ scopes: ["Mail.Read"], expiresOn: LATER }],
      });
      expect(await accounts.get(tenant, id)).toMatchObject({
        status: "login_required",
        scopeSets: expect.arrayContaining([
          { scopes: ["Mail.Read"], expiresOn: null, consentMissing: true },
        ]),
      });
    });

    it("ends when a sign-in consents to those scopes again", async () => {
      const { tenant, id, adele } = await signedInAdele(["Mail.Read"]);
      await accounts.markConsentMissing(tenant, id, ["Mail.Read"], undefined, NOW);

      await accounts.recordSignIn(tenant, adele, ["Mail.Read"], LATER, NOW);

      const account = await accounts.get(tenant, id);
      expect(account).toMatchObject({ status: "active" });
      expect(account?.reason).toBeUndefined();
      expect(account?.scopeSets.some((set) => set.consentMissing)).toBe(false);
    });
  });
});
