import { Stack, pollUntilDone, type RunningHost } from "../../tools/local-stack/stack";

interface LoginBody {
  id: string;
  status: string;
  userCode: string;
  verificationUri: string;
  message: string;
  interval: number;
  account?: { username: string; homeAccountId: string; tenantId: string };
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8"));
}

describe("device-code login to an access token, end to end", () => {
  let stack: Stack;
  let host: RunningHost;

  beforeAll(async () => {
    stack = await Stack.start();
    host = await stack.startHost();
  });
  afterAll(() => stack.stop());

  it("starts a login, completes it through the sign-in form, and hands out a token naming the user and scopes", async () => {
    const started = await stack.api(host, "/api/tenants/contoso.onmicrosoft.com/logins", {
      method: "POST",
      body: { scopes: ["Group.Read.All", "Chat.Read"] },
    });
    expect(started.status).toBe(202);
    const login = started.json as LoginBody;
    expect(login.status).toBe("pending");
    expect(login.message).toBe(
      `To sign in, use a web browser to open the page ${login.verificationUri} and enter the code ${login.userCode} to authenticate.`,
    );
    expect(started.headers["retry-after"]).toBe(String(login.interval));
    expect(started.headers.location).toMatch(
      new RegExp(`/api/tenants/contoso.onmicrosoft.com/logins/${login.id}$`),
    );
    expect(JSON.stringify(login)).not.toMatch(/device_?code/i);

    await stack.signInWithForm(login.userCode, "adele.v@contoso.onmicrosoft.com");
    const done = await pollUntilDone(stack, host, started.headers.location!);
    expect(done.json).toMatchObject({
      status: "completed",
      account: { username: "adele.v@contoso.onmicrosoft.com" },
    });

    const token = await stack.api(host, "/api/tenants/contoso.onmicrosoft.com/token", {
      method: "POST",
      body: { scopes: ["Chat.Read"] },
    });
    expect(token.status).toBe(200);
    const body = token.json as {
      accessToken: string;
      tokenType: string;
      account: { username: string };
    };
    expect(body.tokenType).toBe("Bearer");
    expect(body.account.username).toBe("adele.v@contoso.onmicrosoft.com");
    const claims = claimsOf(body.accessToken);
    expect(claims.upn).toBe("adele.v@contoso.onmicrosoft.com");
    expect(String(claims.scp).split(" ")).toEqual(
      expect.arrayContaining(["Chat.Read", "Group.Read.All"]),
    );
  });
});
