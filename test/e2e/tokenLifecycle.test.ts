import { PublicClientApplication, type INetworkModule } from "@azure/msal-node";
import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import {
  CONTOSO,
  FABRIKAM,
  readTokenCache,
  requestToken,
  secretsIn,
  signIn,
} from "../support/flows";
import { createStorageClients } from "../../shared/storage/storageClients";
import { tokenCacheBlobName } from "../../shared/tokenCache/TokenCacheStore";

const ADELE = "adele.v@contoso.onmicrosoft.com";

describe("tokens from the blob cache", () => {
  let stack: Stack;
  let host: RunningHost;

  beforeAll(async () => {
    stack = await Stack.start();
    host = await stack.startHost();
    await signIn(stack, host, CONTOSO.domain, ADELE, ["Group.Read.All", "Chat.Read"]);
  });
  afterAll(() => stack.stop());

  it("keeps no token text in the blob, and the decrypted cache serves a fresh MSAL client", async () => {
    const storage = createStorageClients(stack.azurite.connectionString);
    const raw = (
      await storage.tokenCaches.getBlobClient(tokenCacheBlobName(CONTOSO.id)).downloadToBuffer()
    ).toString("utf8");
    const secrets = await stack.issuedSecrets();
    expect(secrets.length).toBeGreaterThan(2);
    for (const secret of secrets) {
      expect(raw).not.toContain(secret);
    }

    const cache = await readTokenCache(stack, CONTOSO.id);
    const offline: INetworkModule = {
      sendGetRequestAsync: () => Promise.reject(new Error("no network in this test")),
      sendPostRequestAsync: () => Promise.reject(new Error("no network in this test")),
    };
    const openIdConfiguration = await stack.emulatorCall(
      `/${CONTOSO.id}/v2.0/.well-known/openid-configuration`,
    );
    const msal = new PublicClientApplication({
      auth: {
        clientId: stack.clientId,
        authority: `${stack.emulator.url}/${CONTOSO.id}`,
        knownAuthorities: [new URL(stack.emulator.url).host],
        authorityMetadata: openIdConfiguration.text,
      },
      system: { networkClient: offline },
    });
    msal.getTokenCache().deserialize(JSON.stringify(cache));
    const [account] = await msal.getAllAccounts();
    expect(account?.username).toBe(ADELE);

    const result = await msal.acquireTokenSilent({ account: account!, scopes: ["Chat.Read"] });
    expect(secretsIn(cache, "AccessToken")).toContain(result.accessToken);
  });

  it("names one cache by domain and by GUID", async () => {
    const byGuid = await stack.api(host, `/api/tenants/${CONTOSO.id.toUpperCase()}/accounts`);
    const byDomain = await stack.api(host, `/api/tenants/${CONTOSO.domain}/accounts`);
    expect(byGuid.status).toBe(200);
    expect(byGuid.json).toEqual(byDomain.json);
    expect(byGuid.json).toMatchObject({
      tenantId: CONTOSO.id,
      accounts: [{ username: ADELE, status: "active" }],
    });

    const token = await requestToken(stack, host, CONTOSO.id, { scopes: ["Group.Read.All"] });
    expect(token.status).toBe(200);
  });

  it("never shows one tenant's accounts to another", async () => {
    const accounts = await stack.api(host, `/api/tenants/${FABRIKAM.domain}/accounts`);
    expect(accounts.json).toEqual({ tenantId: FABRIKAM.id, accounts: [] });

    const token = await requestToken(stack, host, FABRIKAM.domain, { scopes: ["Group.Read.All"] });
    expect(token.status).toBe(202);
    expect(token.json).toMatchObject({ status: "login_required" });
  });

  it("asks for a named account and answers login_required for one that is not signed in", async () => {
    const named = await requestToken(stack, host, CONTOSO.domain, {
      scopes: ["Chat.Read"],
      account: ADELE.toUpperCase(),
    });
    expect(named.status).toBe(200);

    const unknown = await requestToken(stack, host, CONTOSO.domain, {
      scopes: ["Chat.Read"],
      account: "megan.b@contoso.onmicrosoft.com",
    });
    expect(unknown.status).toBe(202);
    expect(unknown.json).toMatchObject({ status: "login_required", login: { status: "pending" } });
  });

  it("asks for a sign-in for scopes never consented, and the account stays active for the others", async () => {
    const answer = await requestToken(stack, host, CONTOSO.domain, {
      scopes: ["Calendars.Read.Shared"],
    });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({
      status: "login_required",
      reason: expect.stringContaining("consent"),
      login: { status: "pending", scopes: ["Calendars.Read.Shared"] },
    });

    const accounts = await stack.api(host, `/api/tenants/${CONTOSO.domain}/accounts`);
    expect(accounts.json).toMatchObject({ accounts: [{ username: ADELE, status: "active" }] });
    expect(
      (await requestToken(stack, host, CONTOSO.domain, { scopes: ["Chat.Read"] })).status,
    ).toBe(200);
  });

  it("removes an account and its tokens from the cache", async () => {
    const other = await signIn(stack, host, CONTOSO.domain, "megan.b@contoso.onmicrosoft.com");
    const removed = await stack.api(
      host,
      `/api/tenants/${CONTOSO.domain}/accounts/${other.homeAccountId}`,
      {
        method: "DELETE",
      },
    );
    expect(removed.status).toBe(204);

    const cache = await readTokenCache(stack, CONTOSO.id);
    expect(JSON.stringify(cache)).not.toContain(other.homeAccountId);
    const accounts = await stack.api(host, `/api/tenants/${CONTOSO.domain}/accounts`);
    expect((accounts.json as { accounts: unknown[] }).accounts).toHaveLength(1);

    const again = await stack.api(
      host,
      `/api/tenants/${CONTOSO.domain}/accounts/${other.homeAccountId}`,
      {
        method: "DELETE",
      },
    );
    expect(again.status).toBe(404);
  });
});
