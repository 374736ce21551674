import { Stack, pollUntilDone, type RunningHost } from "../../tools/local-stack/stack";
import { CONTOSO, readTokenCache, requestToken, type PendingLogin } from "../support/flows";

describe("several host processes on one storage", () => {
  let stack: Stack;
  let hosts: RunningHost[];

  beforeAll(async () => {
    stack = await Stack.start();
    hosts = await Promise.all([stack.startHost(), stack.startHost()]);
  });
  afterAll(() => stack.stop());

  it("keeps both accounts when two logins of one tenant complete at the same moment on two hosts", async () => {
    const users = ["backup.operator@contoso.onmicrosoft.com", "megan.b@contoso.onmicrosoft.com"];
    const started = await Promise.all(
      hosts.map((host) =>
        stack.api(host, `/api/tenants/${CONTOSO.domain}/logins`, { method: "POST", body: {} }),
      ),
    );
    await Promise.all(
      started.map((answer, i) =>
        stack.decide((answer.json as PendingLogin).userCode, users[i]!, "approve"),
      ),
    );

    const done = await Promise.all(
      started.map((answer, i) => pollUntilDone(stack, hosts[i]!, answer.headers.location!)),
    );
    expect(done.map((answer) => (answer.json as { status: string }).status)).toEqual([
      "completed",
      "completed",
    ]);

    const cache = await readTokenCache(stack, CONTOSO.id);
    const usernames = Object.values(cache.Account!).map(
      (a) => (a as { username: string }).username,
    );
    expect(usernames.sort()).toEqual(users);
    const accounts = await stack.api(hosts[0]!, `/api/tenants/${CONTOSO.domain}/accounts`);
    expect((accounts.json as { accounts: unknown[] }).accounts).toHaveLength(2);
  });

  it("gives ten jobs that need a login at once one shared code", async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        requestToken(stack, hosts[i % 2]!, "fabrikam.onmicrosoft.com", {
          scopes: ["Calendars.Read.Shared"],
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    const logins = new Set(answers.map((a) => (a.json as { login: PendingLogin }).login.id));
    const codes = new Set(answers.map((a) => (a.json as { login: PendingLogin }).login.userCode));
    expect(logins.size).toBe(1);
    expect(codes.size).toBe(1);
  });
});

describe("polling a login", () => {
  let stack: Stack;
  let hosts: RunningHost[];

  beforeAll(async () => {
    stack = await Stack.start({
      emulator: { pollingIntervalSeconds: 1, deviceCodeLifetimeSeconds: 4 },
    });
    hosts = await Promise.all([stack.startHost(), stack.startHost()]);
  });
  afterAll(() => stack.stop());

  async function startLogin(): Promise<{ login: PendingLogin; path: string }> {
    const answer = await stack.api(hosts[0]!, `/api/tenants/${CONTOSO.domain}/logins`, {
      method: "POST",
      body: {},
    });
    return { login: answer.json as PendingLogin, path: new URL(answer.headers.location!).pathname };
  }

  it("never sends two token requests for one device code within the interval, however fast it is polled", async () => {
    const { login, path } = await startLogin();
    const until = Date.now() + 3_500;
    let polls = 0;
    await Promise.all(
      hosts.map(async (host) => {
        while (Date.now() < until) {
          const answer = await stack.api(host, path);
          expect(answer.status).toBe(200);
          polls++;
        }
      }),
    );

    const seen = await stack.emulatorCall(`/_emulator/devicecodes/${login.userCode}`);
    const requests = (seen.json as { tokenRequests: string[] }).tokenRequests.map((t) =>
      Date.parse(t),
    );
    expect(polls).toBeGreaterThan(20);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < requests.length; i++) {
      expect(requests[i]! - requests[i - 1]!).toBeGreaterThanOrEqual(1000);
    }
  });

  it("reports a declined login as declined", async () => {
    const { login, path } = await startLogin();
    await stack.decide(login.userCode, "adele.v@contoso.onmicrosoft.com", "deny");
    const done = await pollUntilDone(stack, hosts[1]!, path);
    expect(done.json).toMatchObject({
      status: "declined",
      reason: expect.stringContaining("declined"),
    });
  });

  it("reports a login nobody completed in time as expired", async () => {
    const { path } = await startLogin();
    const done = await pollUntilDone(stack, hosts[0]!, path);
    expect(done.json).toMatchObject({ status: "expired" });
  });
});
