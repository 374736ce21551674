import { closedPortUrl } from "./closedPort";
import { FakeBroker, fakeKey, problem, type FakeReply, type FakeRoute } from "./fakeBroker";
import { buildCli, runCli, type CliRun } from "./runCli";

const tenant = "contoso.onmicrosoft.com";
const tenantPath = `/api/tenants/${tenant}`;
const scope = "https://graph.microsoft.com/.default";
const accessToken = "eyJ0eXAiOiJKV1QifQ.fake-access-token.c2lnbmF0dXJl";
const account = {
  homeAccountId: "uid-1.utid-1",
  username: "backup@contoso.com",
  tenantId: "utid-1",
};
const expiresOn = "2030-01-01T10:00:00.000Z";
const verificationUri = "https://microsoft.com/devicelogin";

function tokenReply(): FakeReply {
  const body = { accessToken, tokenType: "Bearer", expiresOn, scopes: [scope], account };
  return { status: 200, body };
}

function pendingLogin(id: string, userCode: string) {
  return {
    id,
    status: "pending",
    userCode,
    verificationUri,
    message: `To sign in, enter ${userCode}.`,
    expiresOn: "2030-01-01T09:15:00.000Z",
    interval: 5,
  };
}

// The login's interval says 5 s; Retry-After says 1 s and is the one to honour.
function loginRequiredReply(id: string, userCode: string, location?: string): FakeReply {
  return {
    status: 202,
    headers: { location: location ?? `${tenantPath}/logins/${id}`, "retry-after": "1" },
    body: { status: "login_required", reason: "no_account", login: pendingLogin(id, userCode) },
  };
}

function loginReply(id: string, status: string, extra: object = {}): FakeReply {
  const headers: Record<string, string> = status === "pending" ? { "retry-after": "1" } : {};
  return { status: 200, headers, body: { id, status, ...extra } };
}

function completedReply(id: string): FakeReply {
  return loginReply(id, "completed", { account, accessTokenExpiresOn: expiresOn });
}

function signInLine(userCode: string): string {
  return (
    "We don't have a valid token. To sign in, use a web browser to open the page " +
    `${verificationUri} and enter the code ${userCode} to authenticate.`
  );
}

const tokenArgs = ["token", "--tenant", tenant, "--scope", scope];

let broker: FakeBroker | undefined;

async function startBroker(route: FakeRoute): Promise<FakeBroker> {
  broker = await FakeBroker.start(route);
  return broker;
}

function run(args: string[], url = broker!.url): Promise<CliRun> {
  return runCli(args, { TOKEN_BROKER_URL: url, TOKEN_BROKER_KEY: fakeKey });
}

function expectNoSecretsLeaked(result: CliRun): void {
  expect(result.stderr).not.toContain(accessToken);
  expect(result.stderr).not.toContain(fakeKey);
  expect(result.stdout).not.toContain(fakeKey);
}

function gapsBetween(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]!);
}

beforeAll(() => buildCli(), 120_000);

afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

describe("m365-token-broker token", () => {
  it("prints only the access token on stdout and exits 0 when the broker has one", async () => {
    const fake = await startBroker(() => tokenReply());

    const result = await run([...tokenArgs, "--scope", "offline_access"]);

    expect(result).toMatchObject({ code: 0, stdout: `${accessToken}\n`, stderr: "" });
    expect(fake.requests[0]).toMatchObject({
      method: "POST",
      path: `${tenantPath}/token`,
      body: { scopes: [scope, "offline_access"] },
    });
  });

  it("sends --account with the token request", async () => {
    const fake = await startBroker(() => tokenReply());

    await run([...tokenArgs, "--account", account.username]);

    expect(fake.requests[0]?.body).toEqual({ scopes: [scope], account: account.username });
  });

  it("prints the whole answer as JSON with --json", async () => {
    await startBroker(() => tokenReply());

    const result = await run([...tokenArgs, "--json"]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(tokenReply().body);
  });

  describe("when a sign-in is needed", () => {
    it("announces the code, waits for the login, then prints the token", async () => {
      let signedIn = false;
      let polls = 0;
      const fake = await startBroker((request) => {
        if (request.path.endsWith("/token")) {
          return signedIn ? tokenReply() : loginRequiredReply("L1", "ABCD-1234");
        }
        polls++;
        signedIn = polls >= 2;
        return signedIn ? completedReply("L1") : loginReply("L1", "pending");
      });

      const result = await run(tokenArgs);

      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${accessToken}\n`);
      expect(result.stderr.split("\n")).toEqual([
        signInLine("ABCD-1234"),
        `We have a valid token for account: ${account.username}`,
        `It will be refreshed automatically; it now expires at ${expiresOn}`,
        "",
      ]);
      expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        `POST ${tenantPath}/token`,
        `GET ${tenantPath}/logins/L1`,
        `GET ${tenantPath}/logins/L1`,
        `POST ${tenantPath}/token`,
      ]);
      expectNoSecretsLeaked(result);
    });

    it("polls no sooner than Retry-After says", async () => {
      let polls = 0;
      const fake = await startBroker((request) => {
        if (request.path.endsWith("/token")) {
          return polls >= 3 ? tokenReply() : loginRequiredReply("L1", "ABCD-1234");
        }
        polls++;
        return polls >= 3 ? completedReply("L1") : loginReply("L1", "pending");
      });

      await run(tokenArgs);

      const times = fake.requests.slice(0, 4).map((request) => request.at);
      for (const gap of gapsBetween(times)) expect(gap).toBeGreaterThanOrEqual(990);
    });

    it("asks for the token of the account that signed in", async () => {
      let signedIn = false;
      const fake = await startBroker((request) => {
        if (request.path.endsWith("/token")) {
          return signedIn ? tokenReply() : loginRequiredReply("L1", "ABCD-1234");
        }
        signedIn = true;
        return completedReply("L1");
      });

      await run(tokenArgs);

      expect(fake.requestsTo(`${tenantPath}/token`)[1]?.body).toEqual({
        scopes: [scope],
        account: account.homeAccountId,
      });
    });

    it("says so when someone other than --account signs in, and waits for that account", async () => {
      const wanted = { ...account, homeAccountId: "uid-2.utid-1", username: "chat@contoso.com" };
      let completed = 0;
      const fake = await startBroker((request) => {
        if (request.path.endsWith("/token")) {
          return completed === 2 ? tokenReply() : loginRequiredReply(`L${completed + 1}`, "CODE");
        }
        completed++;
        return loginReply(`L${completed}`, "completed", {
          account: completed === 1 ? account : wanted,
        });
      });

      const result = await run([...tokenArgs, "--account", "Chat@contoso.com"]);

      expect(result.code).toBe(0);
      expect(result.stderr.split("\n")).toEqual([
        signInLine("CODE"),
        `${account.username} signed in, but this job needs a token for Chat@contoso.com; ` +
          "sign in as Chat@contoso.com with the next code.",
        signInLine("CODE"),
        `We have a valid token for account: ${wanted.username}`,
        "",
      ]);
      expect(fake.requestsTo(`${tenantPath}/token`).map((request) => request.body)).toEqual(
        Array(3).fill({ scopes: [scope], account: "Chat@contoso.com" }),
      );
    });

    it("follows an absolute Location on the broker's own origin", async () => {
      let signedIn = false;
      const fake = await startBroker((request, self) => {
        if (request.path.endsWith("/token")) {
          const location = `${self.url}${tenantPath}/logins/L9`;
          return signedIn ? tokenReply() : loginRequiredReply("L9", "ABCD-1234", location);
        }
        signedIn = true;
        return completedReply("L9");
      });

      const result = await run(tokenArgs);

      expect(result.code).toBe(0);
      expect(fake.requestsTo(`${tenantPath}/logins/L9`)).toHaveLength(1);
    });

    it("never sends the key to a Location on another origin, polling its own route", async () => {
      let signedIn = false;
      const elsewhere = await FakeBroker.start(() => completedReply("L1"));
      const fake = await startBroker((request) => {
        if (request.path.endsWith("/token")) {
          const location = `${elsewhere.url}${tenantPath}/logins/L1`;
          return signedIn ? tokenReply() : loginRequiredReply("L1", "ABCD-1234", location);
        }
        signedIn = true;
        return completedReply("L1");
      });

      const result = await run(tokenArgs);
      await elsewhere.close();

      expect(result.code).toBe(0);
      expect(elsewhere.requests).toHaveLength(0);
      expect(fake.requestsTo(`${tenantPath}/logins/L1`)).toHaveLength(1);
    });

    it("announces a new code when the first one expires, then prints the token", async () => {
      const codes = ["AAAA-1111", "BBBB-2222"];
      let logins = 0;
      let signedIn = false;
      await startBroker((request) => {
        if (request.path.endsWith("/token")) {
          if (signedIn) return tokenReply();
          logins++;
          return loginRequiredReply(`L${logins}`, codes[logins - 1]!);
        }
        if (request.path.endsWith("/L1")) return loginReply("L1", "expired");
        signedIn = true;
        return completedReply("L2");
      });

      const result = await run(tokenArgs);

      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${accessToken}\n`);
      const lines = result.stderr.split("\n");
      expect(lines[0]).toBe(signInLine("AAAA-1111"));
      expect(lines).toContain(signInLine("BBBB-2222"));
      expect(lines.indexOf(signInLine("BBBB-2222"))).toBeGreaterThan(1);
    });

    it("keeps waiting through a 503 while polling", async () => {
      let polls = 0;
      await startBroker((request) => {
        if (request.path.endsWith("/token")) {
          return polls >= 2 ? tokenReply() : loginRequiredReply("L1", "ABCD-1234");
        }
        polls++;
        return polls === 1
          ? problem(503, "Service Unavailable", "The host is restarting.")
          : completedReply("L1");
      });

      const result = await run(tokenArgs);

      expect(result.code).toBe(0);
      expect(result.stderr).toContain("Service Unavailable: The host is restarting.");
    });

    it("exits 5 when the sign-in is declined", async () => {
      await startBroker((request) =>
        request.path.endsWith("/token")
          ? loginRequiredReply("L1", "ABCD-1234")
          : loginReply("L1", "declined"),
      );

      const result = await run(tokenArgs);

      expect(result.code).toBe(5);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("declined");
    });

    it("exits 7 with the reason when the sign-in fails", async () => {
      await startBroker((request) =>
        request.path.endsWith("/token")
          ? loginRequiredReply("L1", "ABCD-1234")
          : loginReply("L1", "failed", { reason: "AADSTS50076: MFA is required." }),
      );

      const result = await run(tokenArgs);

      expect(result.code).toBe(7);
      expect(result.stderr).toContain("The sign-in failed: AADSTS50076: MFA is required.");
    });

    it("exits 6 when nobody signs in before --timeout", async () => {
      await startBroker((request) =>
        request.path.endsWith("/token")
          ? loginRequiredReply("L1", "ABCD-1234")
          : loginReply("L1", "pending"),
      );

      const result = await run([...tokenArgs, "--timeout", "2s"]);

      expect(result.code).toBe(6);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("Gave up waiting for the sign-in after 2s.");
    });
  });

  describe("when the broker fails", () => {
    it("exits 3 and prints the problem's title and detail", async () => {
      await startBroker(() => problem(403, "Forbidden", "The tenant is not enabled."));

      const result = await run(tokenArgs);

      expect(result.code).toBe(3);
      expect(result.stderr).toContain("Forbidden: The tenant is not enabled.");
    });

    it("does not print an error body that is not a problem", async () => {
      await startBroker(() => ({ status: 500, rawBody: `debug dump ${accessToken}` }));

      const result = await run(tokenArgs);

      expect(result.code).toBe(3);
      expect(result.stderr).toContain("HTTP 500");
      expectNoSecretsLeaked(result);
    });

    it("exits 4 when nothing listens at TOKEN_BROKER_URL", async () => {
      const result = await run(tokenArgs, await closedPortUrl());

      expect(result.code).toBe(4);
      expect(result.stderr).toContain("Cannot reach the token broker");
    });
  });

  describe("when the environment is incomplete", () => {
    it.each(["TOKEN_BROKER_URL", "TOKEN_BROKER_KEY"])("exits 2 without %s", async (name) => {
      const env: Record<string, string> = {
        TOKEN_BROKER_URL: "http://127.0.0.1:9",
        TOKEN_BROKER_KEY: fakeKey,
      };
      delete env[name];

      const result = await runCli(tokenArgs, env);

      expect(result.code).toBe(2);
      expect(result.stderr).toContain(name);
      expectNoSecretsLeaked(result);
    });
  });
});

describe("m365-token-broker login", () => {
  it("starts a login, waits for it, and prints no token", async () => {
    let polls = 0;
    const fake = await startBroker((request) => {
      if (request.method === "POST") {
        return {
          status: 202,
          headers: { location: `${tenantPath}/logins/L1`, "retry-after": "1" },
          body: pendingLogin("L1", "WXYZ-9876"),
        };
      }
      polls++;
      return polls >= 2 ? completedReply("L1") : loginReply("L1", "pending");
    });

    const result = await runCli(["login", "--tenant", tenant, "--scope", scope], {
      TOKEN_BROKER_URL: fake.url,
      TOKEN_BROKER_KEY: fakeKey,
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(signInLine("WXYZ-9876"));
    expect(result.stderr).toContain(`We have a valid token for account: ${account.username}`);
    expect(fake.requests[0]).toMatchObject({
      method: "POST",
      path: `${tenantPath}/logins`,
      body: { scopes: [scope] },
    });
    expect(fake.requestsTo(`${tenantPath}/token`)).toHaveLength(0);
  });
});

describe("m365-token-broker accounts", () => {
  const accounts = [
    { ...account, accessTokenExpiresOn: expiresOn, status: "active" },
    {
      homeAccountId: "uid-2.utid-1",
      username: "archive@contoso.com",
      accessTokenExpiresOn: null,
      status: "login_required",
    },
  ];

  it("lists the accounts as a table", async () => {
    await startBroker(() => ({ status: 200, body: { accounts } }));

    const result = await run(["accounts", "--tenant", tenant]);

    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^USERNAME\s+STATUS\s+ACCESS TOKEN EXPIRES$/);
    expect(lines[1]).toMatch(new RegExp(`^backup@contoso.com\\s+active\\s+${expiresOn}$`));
    expect(lines[2]).toMatch(/^archive@contoso.com\s+login_required\s+-$/);
  });

  it("prints the broker's answer with --json", async () => {
    await startBroker(() => ({ status: 200, body: { accounts } }));

    const result = await run(["accounts", "--tenant", tenant, "--json"]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ accounts });
  });
});

describe("m365-token-broker --help", () => {
  it("prints the usage text with the exit codes and exits 0", async () => {
    const result = await runCli(["--help"], {});

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("TOKEN_BROKER_URL");
    expect(result.stdout).toMatch(/^ {2}6 {2}gave up waiting/m);
  });

  it("names an unknown option in its own words and exits 2", async () => {
    const result = await runCli([...tokenArgs, "--bogus"], {});

    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "Unknown option --bogus.",
      "Run `m365-token-broker --help` for usage.",
    ]);
  });

  it("exits quietly when whoever reads its output has gone", async () => {
    const result = await runCli(["--help"], {}, { closedStdout: true });

    expect(result).toMatchObject({ code: 0, stderr: "" });
  });

  it("prints the usage text on stderr and exits 2 without a command", async () => {
    const result = await runCli([], {});

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: m365-token-broker");
  });
});
