import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import { CONTOSO, listAccounts, requestToken, signIn } from "../support/flows";

const ADELE = "adele.v@contoso.onmicrosoft.com";

describe("an account brought back by a restore", () => {
  let stack: Stack;
  let host: RunningHost;

  beforeAll(async () => {
    stack = await Stack.start();
    host = await stack.startHost({ REFRESH_AHEAD: "2h" });
  });
  afterAll(() => stack.stop());

  it("keeps the scopes its tokens were for, so the timer refreshes those and it stays active", async () => {
    // Not the stack's DEFAULT_SCOPES: the user consented to Chat.Read only.
    const account = await signIn(stack, host, CONTOSO.domain, ADELE, ["Chat.Read"]);
    const snapshot = await stack.api(host, `/api/tenants/${CONTOSO.domain}/cache/snapshots`, {
      method: "POST",
      body: { label: "job-1" },
    });
    await stack.api(host, `/api/tenants/${CONTOSO.domain}/accounts/${account.homeAccountId}`, {
      method: "DELETE",
    });

    const restored = await stack.api(host, `/api/tenants/${CONTOSO.domain}/cache/restore`, {
      method: "POST",
      body: { snapshot: (snapshot.json as { id: string }).id, mode: "merge" },
    });
    expect(restored.status).toBe(200);
    const [row] = await listAccounts(stack, host, CONTOSO.domain);
    expect(row).toMatchObject({ status: "active", scopeSets: [{ scopes: ["Chat.Read"] }] });
    expect(row!.accessTokenExpiresOn).not.toBeNull();
    expect(Date.parse(String(row!.refreshTokenUsedAt))).toBeGreaterThan(Date.now() - 120_000);

    await stack.fireTimer(host, "refreshTokens");
    expect(await listAccounts(stack, host, CONTOSO.domain)).toMatchObject([{ status: "active" }]);
    const token = await requestToken(stack, host, CONTOSO.domain, { scopes: ["Chat.Read"] });
    expect(token.status).toBe(200);
  });
});
