import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import {
  CONTOSO,
  FABRIKAM,
  requestToken,
  signIn,
  tokenCacheEtag,
  type PendingLogin,
} from "../support/flows";
import { createStorageClients } from "../../shared/storage/storageClients";
import { tokenCacheBlobName } from "../../shared/tokenCache/TokenCacheStore";

const TOKEN = `/api/tenants/${CONTOSO.domain}/token`;

describe("bad input gets a problem answer and changes nothing", () => {
  let stack: Stack;
  let host: RunningHost;
  let fabrikamLogin: string;
  let etagBefore: string | undefined;

  beforeAll(async () => {
    stack = await Stack.start();
    host = await stack.startHost();
    await signIn(stack, host, CONTOSO.domain, "adele.v@contoso.onmicrosoft.com");
    const started = await stack.api(host, `/api/tenants/${FABRIKAM.domain}/logins`, {
      method: "POST",
      body: {},
    });
    fabrikamLogin = (started.json as PendingLogin).id;
    etagBefore = await tokenCacheEtag(stack, CONTOSO.id);
  });
  afterAll(() => stack.stop());
  afterEach(async () => {
    expect(await tokenCacheEtag(stack, CONTOSO.id)).toBe(etagBefore);
  });

  const cases: Array<
    [
      string,
      string,
      { method?: string; body?: unknown; rawBody?: string; key?: string | null },
      number,
    ]
  > = [
    [
      "a tenant that is neither a GUID nor a domain",
      "/api/tenants/not_a_tenant!/accounts",
      {},
      400,
    ],
    ["a tenant that Entra does not know", "/api/tenants/nowhere.onmicrosoft.com/accounts", {}, 404],
    [
      "an unknown tenant GUID",
      "/api/tenants/00000000-0000-0000-0000-000000000001/accounts",
      {},
      404,
    ],
    [
      "an unknown login id",
      `/api/tenants/${CONTOSO.domain}/logins/1b7c0a36-0a8a-4b0c-9d7e-3c1f1f7f0a11`,
      {},
      404,
    ],
    ["a login id that is not an id", `/api/tenants/${CONTOSO.domain}/logins/pending-abc`, {}, 404],
    ["malformed JSON", TOKEN, { method: "POST", rawBody: "{scopes:" }, 400],
    ["a JSON array body", TOKEN, { method: "POST", rawBody: "[]" }, 400],
    ["scopes that are not an array", TOKEN, { method: "POST", body: { scopes: "Chat.Read" } }, 400],
    ["empty scopes", TOKEN, { method: "POST", body: { scopes: [] } }, 400],
    ["a blank scope", TOKEN, { method: "POST", body: { scopes: [" "] } }, 400],
    ["non-string scopes", TOKEN, { method: "POST", body: { scopes: [42] } }, 400],
    ["no scopes for a token", TOKEN, { method: "POST", body: {} }, 400],
    [
      "an account that is not a string",
      TOKEN,
      { method: "POST", body: { scopes: ["Chat.Read"], account: 7 } },
      400,
    ],
    [
      "an unknown field",
      TOKEN,
      { method: "POST", body: { scopes: ["Chat.Read"], force: true } },
      400,
    ],
    [
      "a body over 64 KiB",
      TOKEN,
      { method: "POST", body: { scopes: ["Chat.Read"], pad: "x".repeat(70_000) } },
      413,
    ],
    [
      "an unknown field on a login",
      `/api/tenants/${CONTOSO.domain}/logins`,
      { method: "POST", body: { scope: ["x"] } },
      400,
    ],
  ];

  it.each(cases)("%s", async (_name, path, init, status) => {
    const answer = await stack.api(host, path, init);
    expect(answer.status).toBe(status);
    expect(answer.headers["content-type"]).toBe("application/problem+json");
    expect(answer.json).toEqual({
      type: expect.stringMatching(/^urn:m365-token-broker:problem:/),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    });
  });

  it("answers 404 for a login of one tenant asked under another", async () => {
    const answer = await stack.api(host, `/api/tenants/${CONTOSO.domain}/logins/${fabrikamLogin}`);
    expect(answer.status).toBe(404);
    expect(answer.headers["content-type"]).toBe("application/problem+json");
  });

  it.each([
    ["no function key", null],
    ["a wrong function key", "wrong"],
  ])("answers 401 for %s", async (_name, key) => {
    const answer = await stack.api(host, TOKEN, {
      method: "POST",
      body: { scopes: ["Chat.Read"] },
      key,
    });
    expect(answer.status).toBe(401);
  });

  it("answers 404 for a method the route does not take, as Azure's host does", async () => {
    expect((await stack.api(host, TOKEN, { method: "GET" })).status).toBe(404);
    expect(
      (await stack.api(host, `/api/tenants/${CONTOSO.domain}/accounts`, { method: "PUT" })).status,
    ).toBe(404);
  });

  it("answers health without a key", async () => {
    const answer = await stack.api(host, "/api/health", { key: null });
    expect(answer.status).toBe(200);
  });
});

describe("a token cache that cannot be read", () => {
  let stack: Stack;
  let host: RunningHost;

  beforeAll(async () => {
    stack = await Stack.start();
    // The test spoils the blob behind the service's back: no reuse of what the host last read.
    host = await stack.startHost({ TOKEN_CACHE_REUSE: "0s" });
    await signIn(stack, host, CONTOSO.domain, "adele.v@contoso.onmicrosoft.com");
    await signIn(stack, host, FABRIKAM.domain, "adele.v@fabrikam.onmicrosoft.com");
  });
  afterAll(() => stack.stop());

  it("makes that tenant answer 503, leaves the blob untouched, and other tenants keep working", async () => {
    const storage = createStorageClients(stack.azurite.connectionString);
    const blob = storage.tokenCaches.getBlockBlobClient(tokenCacheBlobName(CONTOSO.id));
    const original = await blob.downloadToBuffer();
    const corrupt = Buffer.from(original);
    corrupt[corrupt.length - 20] = corrupt[corrupt.length - 20]! ^ 0x01;
    await blob.upload(corrupt, corrupt.length);
    const etag = await tokenCacheEtag(stack, CONTOSO.id);

    const broken = await requestToken(stack, host, CONTOSO.domain, { scopes: ["Group.Read.All"] });
    expect(broken.status).toBe(503);
    expect(broken.headers["content-type"]).toBe("application/problem+json");
    expect((broken.json as { detail: string }).detail).toContain("cannot be decrypted or parsed");
    const login = await stack.api(host, `/api/tenants/${CONTOSO.domain}/logins`, {
      method: "POST",
      body: {},
    });
    await stack.decide(
      (login.json as PendingLogin).userCode,
      "megan.b@contoso.onmicrosoft.com",
      "approve",
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const polled = await stack.api(host, new URL(login.headers.location!).pathname);
    expect(polled.json).toMatchObject({ status: "failed" });
    expect(await tokenCacheEtag(stack, CONTOSO.id)).toBe(etag);

    const other = await requestToken(stack, host, FABRIKAM.domain, { scopes: ["Group.Read.All"] });
    expect(other.status).toBe(200);
  });

  it("never writes an issued secret to the logs", async () => {
    const secrets = await stack.issuedSecrets();
    const logs = stack.hostOutput.join("");
    expect(secrets.length).toBeGreaterThan(4);
    expect(logs).toContain("login.completed");
    for (const secret of secrets) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe("health", () => {
  it("answers 503 when storage cannot be reached", async () => {
    const stack = await Stack.start();
    try {
      const host = await stack.startHost({
        AzureWebJobsStorage: stack.azurite.connectionString.replace(
          /127\.0\.0\.1:\d+/g,
          "127.0.0.1:9",
        ),
      });
      const answer = await stack.api(host, "/api/health", { key: null });
      expect(answer.status).toBe(503);
    } finally {
      await stack.stop();
    }
  });
});
