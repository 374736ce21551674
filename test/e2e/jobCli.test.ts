import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT, Stack, type RunningHost } from "../../tools/local-stack/stack";
import { FABRIKAM } from "../support/flows";

const CLI = path.join(ROOT, "dist/cli/main.js");
const OPERATOR = "backup.operator@fabrikam.onmicrosoft.com";
const CODE = /enter the code (\S+) to authenticate/g;

/** Runs the CLI as a backup job would; calls `onCode` for each sign-in code it prints. */
function runJob(
  stack: Stack,
  host: RunningHost,
  args: string[],
  onCode: (userCode: string, index: number) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      PATH: process.env.PATH,
      TOKEN_BROKER_URL: host.url,
      TOKEN_BROKER_KEY: stack.functionKey,
    },
  });
  let stdout = "";
  let stderr = "";
  let codes = 0;
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    const found = [...stderr.matchAll(CODE)];
    while (codes < found.length) {
      onCode(found[codes]![1]!, codes);
      codes++;
    }
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("the job's command line", () => {
  let stack: Stack;
  let host: RunningHost;

  beforeAll(async () => {
    stack = await Stack.start({ emulator: { deviceCodeLifetimeSeconds: 3 } });
    host = await stack.startHost();
  });
  afterAll(() => stack.stop());

  it("prints the sign-in message, waits, and prints a token once someone signs in, even after a code expired", async () => {
    const job = await runJob(
      stack,
      host,
      ["token", "--tenant", FABRIKAM.domain, "--scope", "Chat.Read", "--timeout", "60s"],
      (userCode, index) => {
        // Let the first code expire unused; sign in with the second, as a late admin would.
        if (index === 1) {
          void stack.decide(userCode, OPERATOR, "approve");
        }
      },
    );

    expect(job.code).toBe(0);
    expect(
      job.stderr.match(
        /We don't have a valid token\. To sign in, use a web browser to open the page https:\/\/127\.0\.0\.1:\d+\/devicelogin and enter the code \S+ to authenticate\./g,
      ),
    ).toHaveLength(2);
    expect(job.stderr).toContain(`We have a valid token for account: ${OPERATOR}`);
    expect(job.stderr).toMatch(/It will be refreshed automatically; it now expires at \S+/);
    const token = job.stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(claims.upn).toBe(OPERATOR);
    expect(job.stderr).not.toContain(token);
  });

  it("lists the signed-in accounts", async () => {
    const job = await runJob(
      stack,
      host,
      ["accounts", "--tenant", FABRIKAM.domain, "--json"],
      () => {},
    );
    expect(job.code).toBe(0);
    expect(JSON.parse(job.stdout)).toMatchObject({
      accounts: [{ username: OPERATOR, status: "active" }],
    });
  });
});
