import { Stack, pollUntilDone, type RunningHost } from "../../tools/local-stack/stack";
import {
  CONTOSO,
  listAccounts,
  readTokenCache,
  requestToken,
  signIn,
  type PendingLogin,
} from "../support/flows";

const USERS = ["backup.operator", "adele.v", "megan.b"].map((u) => `${u}@contoso.onmicrosoft.com`);

async function newestRefreshToken(stack: Stack, username: string): Promise<string | undefined> {
  const answer = await stack.emulatorCall(
    `/_emulator/refresh-tokens?tenant=${CONTOSO.domain}&username=${username}`,
  );
  return (answer.json as { refreshTokens: Array<{ refreshToken: string }> }).refreshTokens[0]
    ?.refreshToken;
}

describe.each(["lenient", "strict"] as const)(
  "timer runs, jobs and a login racing on one tenant over two hosts (%s rotation)",
  (rotation) => {
    let stack: Stack;
    let hosts: RunningHost[];

    beforeAll(async () => {
      // Under MSAL's 300 s margin every token call refreshes, so refresh tokens rotate all the time.
      stack = await Stack.start({
        emulator: { accessTokenLifetimeSeconds: 240, refreshTokenRotation: rotation },
      });
      const settings = { REFRESH_AHEAD: "1h" };
      hosts = await Promise.all([stack.startHost(settings), stack.startHost(settings)]);
    });
    afterAll(() => stack.stop());

    it("loses no account and keeps the newest refresh token of each", async () => {
      for (const user of USERS.slice(0, 2)) {
        await signIn(stack, hosts[0]!, CONTOSO.domain, user);
      }
      const started = await stack.api(hosts[0]!, `/api/tenants/${CONTOSO.domain}/logins`, {
        method: "POST",
        body: {},
      });
      await stack.decide((started.json as PendingLogin).userCode, USERS[2]!, "approve");

      const jobs = Array.from({ length: 12 }, (_, i) =>
        requestToken(stack, hosts[i % 2]!, CONTOSO.domain, {
          scopes: ["Group.Read.All"],
          account: USERS[i % 2]!,
        }),
      );
      const [answers] = await Promise.all([
        Promise.all(jobs),
        stack.fireTimer(hosts[0]!, "refreshTokens"),
        stack.fireTimer(hosts[1]!, "refreshTokens"),
        pollUntilDone(stack, hosts[1]!, started.headers.location!),
      ]);
      expect(answers.map((a) => [a.status, (a.json as { reason?: string }).reason])).toEqual(
        Array(12).fill([200, undefined]),
      );

      const cache = await readTokenCache(stack, CONTOSO.id);
      const accounts = Object.values(cache.Account!) as Array<{
        username: string;
        home_account_id: string;
      }>;
      expect(accounts.map((a) => a.username).sort()).toEqual([...USERS].sort());
      for (const account of accounts) {
        const held = Object.values(cache.RefreshToken!)
          .filter(
            (rt) => (rt as { home_account_id: string }).home_account_id === account.home_account_id,
          )
          .map((rt) => (rt as { secret: string }).secret);
        expect(held).toEqual([await newestRefreshToken(stack, account.username)]);
      }
      const rows = await listAccounts(stack, hosts[1]!, CONTOSO.domain);
      expect(rows.map((r) => r.status)).toEqual(["active", "active", "active"]);
    });
  },
);
