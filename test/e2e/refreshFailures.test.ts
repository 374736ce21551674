import { Stack, pollUntilDone, type RunningHost } from "../../tools/local-stack/stack";
import {
  CONTOSO,
  FABRIKAM,
  listAccounts,
  requestToken,
  signIn,
  type PendingLogin,
} from "../support/flows";

// Entra keeps older refresh tokens valid (lenient); the product must also cope when only the
// newest one works (strict).
const ROTATIONS = ["lenient", "strict"] as const;

const USER = "adele.v@contoso.onmicrosoft.com";

interface LoginRequired {
  status: string;
  reason: string;
  login: PendingLogin;
}

describe.each(ROTATIONS)("accounts Entra will no longer refresh (%s rotation)", (rotation) => {
  let stack: Stack;
  let host: RunningHost;

  beforeAll(async () => {
    stack = await Stack.start({ emulator: { refreshTokenRotation: rotation } });
    // Every run refreshes every account, so each control below is met by the next run.
    host = await stack.startHost({ REFRESH_AHEAD: "2h" });
  });
  afterAll(() => stack.stop());

  async function control(path: string, body: Record<string, unknown> = {}) {
    const answer = await stack.emulatorCall(`/_emulator/${path}`, {
      json: { tenant: CONTOSO.domain, username: USER, ...body },
    });
    expect(answer.status).toBe(200);
    return answer.json as Record<string, unknown>;
  }

  it.each([
    ["a revoked session", "users/revoke-sessions", /revoked/],
    ["an expired refresh token", "users/expire-refresh-tokens", /unused/],
    ["consent withdrawn", "users/withdraw-consent", /[Cc]onsent/],
  ])(
    "end as login_required after %s, prompt the next job, and come back with a new sign-in",
    async (_name, path, reason) => {
      const account = await signIn(stack, host, CONTOSO.domain, USER);
      await control(path);

      await stack.fireTimer(host, "refreshTokens");
      const [row] = await listAccounts(stack, host, CONTOSO.domain);
      expect(row).toMatchObject({ homeAccountId: account.homeAccountId, status: "login_required" });
      expect(String(row!.reason)).toMatch(reason);
      // An admin's "refresh now" finds no refresh token to try, and keeps the reason.
      const again = await stack.api(
        host,
        `/api/tenants/${CONTOSO.domain}/accounts/${account.homeAccountId}/refresh`,
        { method: "POST" },
      );
      expect(again.json).toMatchObject({ status: "login_required", reason: row!.reason });

      const job = await requestToken(stack, host, CONTOSO.domain, { scopes: ["Group.Read.All"] });
      expect(job.status).toBe(202);
      const prompt = job.json as LoginRequired;
      expect(prompt).toMatchObject({ status: "login_required", login: { status: "pending" } });
      expect(prompt.reason).toMatch(reason);

      await stack.decide(prompt.login.userCode, USER, "approve");
      const done = await pollUntilDone(stack, host, job.headers.location!);
      expect(done.json).toMatchObject({
        status: "completed",
        account: { homeAccountId: account.homeAccountId },
      });
      expect(await listAccounts(stack, host, CONTOSO.domain)).toMatchObject([{ status: "active" }]);
      expect(
        (await requestToken(stack, host, CONTOSO.domain, { scopes: ["Group.Read.All"] })).status,
      ).toBe(200);
    },
  );

  it("keeps an account's refresh token when consent is withdrawn for some of its scopes only", async () => {
    // Another tenant than the other cases, so that their accounts stay alone in theirs.
    const megan = "megan.b@fabrikam.onmicrosoft.com";
    await signIn(stack, host, FABRIKAM.domain, megan, ["Group.Read.All"]);
    const account = await signIn(stack, host, FABRIKAM.domain, megan, ["Chat.Read"]);
    await control("users/withdraw-consent", {
      tenant: FABRIKAM.domain,
      username: megan,
      scopes: ["Chat.Read"],
    });
    const asMegan = (scopes: string[]) =>
      requestToken(stack, host, FABRIKAM.domain, { scopes, account: megan });
    const row = async () =>
      (await listAccounts(stack, host, FABRIKAM.domain)).find((a) => a.username === megan);

    await stack.fireTimer(host, "refreshTokens");
    expect(await row()).toMatchObject({
      homeAccountId: account.homeAccountId,
      status: "login_required",
      reason: expect.stringMatching(/^Consent for Chat\.Read .*other scopes keep working/),
      scopeSets: expect.arrayContaining([
        { scopes: ["Chat.Read"], expiresOn: null, consentMissing: true },
        { scopes: ["Group.Read.All"], expiresOn: expect.any(String) },
      ]),
    });
    expect((await asMegan(["Group.Read.All"])).status).toBe(200);
    const job = await asMegan(["Chat.Read"]);
    expect(job.status).toBe(202);

    // The timer keeps the working scopes warm, and a sign-in that consents again ends it.
    await stack.fireTimer(host, "refreshTokens");
    expect((await asMegan(["Group.Read.All"])).status).toBe(200);
    await stack.decide((job.json as LoginRequired).login.userCode, megan, "approve");
    await pollUntilDone(stack, host, job.headers.location!);
    const after = await row();
    expect(after).toMatchObject({ status: "active" });
    expect(after!.reason).toBeUndefined();
    expect(after!.scopeSets).not.toContainEqual(expect.objectContaining({ consentMissing: true }));
    expect((await asMegan(["Chat.Read"])).status).toBe(200);
  });

  it("asks the next sign-in to meet the MFA challenge Entra sent, and the account works again", async () => {
    const mfa = await control("users/require-mfa");

    await stack.fireTimer(host, "refreshTokens");
    const [row] = await listAccounts(stack, host, CONTOSO.domain);
    expect(row).toMatchObject({
      status: "login_required",
      reason: expect.stringMatching(/[Mm]ulti-factor/),
    });

    const job = await requestToken(stack, host, CONTOSO.domain, { scopes: ["Group.Read.All"] });
    const prompt = job.json as LoginRequired;
    const code = await stack.emulatorCall(`/_emulator/devicecodes/${prompt.login.userCode}`);
    expect((code.json as { claims?: string }).claims).toBe(mfa.claims);

    await stack.decide(prompt.login.userCode, USER, "approve");
    await pollUntilDone(stack, host, job.headers.location!);
    await stack.fireTimer(host, "refreshTokens");
    expect(await listAccounts(stack, host, CONTOSO.domain)).toMatchObject([{ status: "active" }]);
  });
});

describe.each(ROTATIONS)("Entra out of reach (%s rotation)", (rotation) => {
  let stack: Stack;
  let host: RunningHost;

  beforeAll(async () => {
    stack = await Stack.start({ emulator: { refreshTokenRotation: rotation } });
    host = await stack.startHost({ REFRESH_AHEAD: "2h", REFRESH_TIME_BUDGET: "20s" });
    await signIn(stack, host, CONTOSO.domain, USER);
  });
  afterAll(() => stack.stop());

  it.each([
    ["a 503 storm", { status: 503 }],
    ["a 429 storm with Retry-After", { status: 429, retryAfterSeconds: 1 }],
  ])(
    "marks the account error after retrying %s, never login_required, and recovers next run",
    async (_name, fault) => {
      await stack.emulatorCall("/_emulator/stats", { method: "DELETE" });
      await stack.emulatorCall("/_emulator/faults", { json: fault });

      await stack.fireTimer(host, "refreshTokens");
      const stats = await stack.emulatorCall("/_emulator/stats");
      const faulted = (stats.json as { tokenRequests: { faulted: number } }).tokenRequests.faulted;
      expect(faulted).toBeGreaterThan(1);
      const [row] = await listAccounts(stack, host, CONTOSO.domain);
      expect(row).toMatchObject({ status: "error", reason: expect.stringMatching(/unavailable/) });
      expect(stack.hostOutput.join("")).toMatch(/refresh\.run_completed .*"retries":[1-9]/);

      await stack.emulatorCall("/_emulator/faults", { method: "DELETE" });
      await stack.fireTimer(host, "refreshTokens");
      expect(await listAccounts(stack, host, CONTOSO.domain)).toMatchObject([{ status: "active" }]);
    },
  );
});
