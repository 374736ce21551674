import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import {
  startFunctionsHost,
  type FunctionsHost,
  type HostLogSink,
} from "../../tools/functions-host";

const repoRoot = path.resolve(__dirname, "../..");
const appRoot = path.join(repoRoot, "test/fixtures/functions-app");
const noPrefixAppRoot = path.join(repoRoot, "test/fixtures/functions-app-no-prefix");
const mainJs = path.join(repoRoot, "dist/tools/functions-host/main.js");
const functionKey = "test-function-key";
const yearly = "0 0 0 1 1 *";
const logLine = /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] \[(\w+)\] (\w+) \(([0-9a-f-]{36})\): /;

interface CollectedLog {
  readonly sink: HostLogSink;
  readonly out: string[];
  readonly err: string[];
}

function collectLog(): CollectedLog {
  const out: string[] = [];
  const err: string[] = [];
  return { sink: { out: (line) => out.push(line), err: (line) => err.push(line) }, out, err };
}

async function startFixtureHost(
  options: { appRoot?: string; tickSchedule?: string } = {},
): Promise<{ host: FunctionsHost; log: CollectedLog }> {
  process.env["TICK_SCHEDULE"] = options.tickSchedule ?? yearly;
  const log = collectLog();
  const host = await startFunctionsHost({
    appRoot: options.appRoot ?? appRoot,
    port: 0,
    functionKey,
    log: log.sink,
  });
  return { host, log };
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Condition not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function countLines(lines: readonly string[], text: string): number {
  return lines.filter((line) => line.includes(text)).length;
}

describe("startFunctionsHost", () => {
  let host: FunctionsHost;
  let log: CollectedLog;
  const get = (pathAndQuery: string, init?: RequestInit): Promise<Response> =>
    fetch(`${host.url}${pathAndQuery}`, init);
  const withKey = { headers: { "x-functions-key": functionKey } };

  beforeAll(async () => {
    ({ host, log } = await startFixtureHost());
  });

  afterAll(async () => {
    await host.close();
  });

  it("reports the functions it loaded and the route prefix from host.json", () => {
    const names = host.registrations.map((registration) => registration.name);
    expect(names).toEqual(expect.arrayContaining(["hello", "getLogin", "tick", "startup"]));
    expect(host.routePrefix).toBe("api");
  });

  describe("routing", () => {
    it("passes route parameters and the query to the handler", async () => {
      const response = await get("/api/tenants/acme/logins/42?q=hello", withKey);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ tenant: "acme", id: "42", q: "hello" });
    });

    it("decodes percent-escaped route parameters", async () => {
      const response = await get("/api/tenants/a%20b/logins/7", withKey);
      expect(await response.json()).toMatchObject({ tenant: "a b", id: "7" });
    });

    it("matches paths case-insensitively", async () => {
      const response = await get("/API/Tenants/acme/LOGINS/42", withKey);
      expect(response.status).toBe(200);
    });

    it("uses the function name as the route when the function sets none", async () => {
      const response = await get("/api/hello");
      expect(await response.json()).toMatchObject({ greeting: "hello" });
    });

    it("answers 404 with an empty body for an unknown path or one outside the prefix", async () => {
      for (const unknown of ["/api/nowhere", "/hello", "/"]) {
        const response = await get(unknown);
        expect(response.status).toBe(404);
        expect(await response.text()).toBe("");
      }
    });

    it("answers 404 when a constraint rejects the value", async () => {
      const response = await get("/api/tenants/acme/logins/abc", withKey);
      expect(response.status).toBe(404);
    });

    it("fills an optional parameter only when the path has it", async () => {
      const without = await (await get("/api/items/books")).json();
      const withPage = await (await get("/api/items/books/3")).json();
      expect(without).toEqual({ handler: "itemsByCategory", params: { category: "books" } });
      expect(withPage).toEqual({
        handler: "itemsByCategory",
        params: { category: "books", page: "3" },
      });
      expect((await get("/api/items/books/three")).status).toBe(404);
    });

    it("prefers a literal segment over a parameter, whatever the registration order", async () => {
      const response = await get("/api/items/special");
      expect(await response.json()).toEqual({ handler: "specialItems" });
    });

    it("checks guid, bool, alpha and long constraints", async () => {
      const guid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
      const good = await get(`/api/things/${guid}/TRUE/widget/9007199254740993`);
      expect(await good.json()).toEqual({
        id: guid,
        flag: "TRUE",
        name: "widget",
        size: "9007199254740993",
      });

      for (const bad of [
        `/api/things/not-a-guid/true/widget/1`,
        `/api/things/${guid}/yes/widget/1`,
        `/api/things/${guid}/true/widget2/1`,
        `/api/things/${guid}/true/widget/9223372036854775808`,
      ]) {
        expect((await get(bad)).status).toBe(404);
      }
    });

    it("gives the rest of the path to a catch-all parameter", async () => {
      expect(await (await get("/api/files/a/b/c.txt")).json()).toEqual({ path: "a/b/c.txt" });
      expect(await (await get("/api/files")).json()).toEqual({ path: null });
    });

    it("answers 404 when the function does not accept the method", async () => {
      expect((await get("/api/hello", { method: "POST" })).status).toBe(404);
      const deleted = await get("/api/tenants/acme/logins/1", { ...withKey, method: "DELETE" });
      expect(deleted.status).toBe(404);
    });

    it("routes one template to different functions by method", async () => {
      const response = await get("/api/tenants/acme/logins/5", {
        method: "PUT",
        headers: { "x-functions-key": functionKey, "content-type": "application/json" },
        body: JSON.stringify({ user: "ada" }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get("x-login-id")).toBe("5");
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(await response.json()).toEqual({ saved: { user: "ada" } });
    });
  });

  describe("function keys", () => {
    it("accepts the key in the x-functions-key header", async () => {
      expect((await get("/api/tenants/acme/logins/1", withKey)).status).toBe(200);
    });

    it("accepts the key in the code query parameter", async () => {
      const response = await get(`/api/tenants/acme/logins/1?code=${functionKey}`);
      expect(response.status).toBe(200);
    });

    it("answers 401 with an empty body when the key is missing or wrong", async () => {
      const missing = await get("/api/tenants/acme/logins/1");
      const wrong = await get("/api/tenants/acme/logins/1", {
        headers: { "x-functions-key": "not-the-key" },
      });
      const wrongCode = await get("/api/tenants/acme/logins/1?code=not-the-key");
      for (const response of [missing, wrong, wrongCode]) {
        expect(response.status).toBe(401);
        expect(await response.text()).toBe("");
      }
    });

    it("requires the key for admin level functions", async () => {
      expect((await get("/api/maintenance", { method: "POST" })).status).toBe(401);
      const allowed = await get("/api/maintenance", { ...withKey, method: "POST" });
      expect(await allowed.text()).toBe("maintenance done");
    });

    it("serves anonymous functions without a key", async () => {
      expect((await get("/api/hello")).status).toBe(200);
    });
  });

  describe("invocation", () => {
    it("answers 500 with an empty body and logs the error when the handler throws", async () => {
      const response = await get("/api/boom");
      expect(response.status).toBe(500);
      expect(await response.text()).toBe("");

      const failure = log.err.find((line) => line.includes("boom ("));
      expect(failure).toMatch(logLine);
      expect(failure).toMatch(
        /\[error\] boom \([0-9a-f-]{36}\): Executed \(Failed, \d+ ms\): kaboom\n/,
      );
      expect(failure).toContain("    at ");
    });

    it("passes status, headers, cookies and a text body through", async () => {
      const response = await get("/api/echo", { method: "POST", body: "hello" });
      expect(response.status).toBe(202);
      expect(response.headers.get("x-echo-method")).toBe("POST");
      expect(response.headers.get("content-type")).toBe("text/plain");
      expect(response.headers.getSetCookie()).toEqual([
        "session=a%20b; path=/; samesite=lax; httponly",
      ]);
      expect(await response.text()).toBe("hello");
    });

    it("sends a byte body unchanged", async () => {
      const response = await get("/api/bytes");
      expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 1, 2, 255]);
    });

    it("joins a repeated query parameter with commas and passes headers through", async () => {
      const response = await get("/api/headersSeen?tag=a&tag=b", {
        headers: { "X-Custom": "value" },
      });
      expect(await response.json()).toEqual({ custom: "value", tags: "a,b" });
    });

    it("answers 413 when the declared body is above Azure's 100 MB limit", async () => {
      const url = new URL(`${host.url}/api/echo`);
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const request = httpRequest(url, {
          method: "POST",
          headers: { "content-length": String(101 * 1024 * 1024) },
        });
        request.on("response", (response) => {
          response.resume();
          resolve(response.statusCode);
        });
        request.on("error", reject);
        request.flushHeaders();
      });
      expect(status).toBe(413);
    });

    it("answers 204 with no body when the handler returns nothing", async () => {
      const response = await get("/api/nothing");
      expect(response.status).toBe(204);
      expect(await response.text()).toBe("");
    });

    it("runs the handler between the app's preInvocation and postInvocation hooks", async () => {
      const response = await get("/api/hooked");
      expect(await response.json()).toEqual({ handler: true, wrapped: true, hookData: true });
    });

    it("writes each context log call as one line naming the function and invocation", async () => {
      await get("/api/echo", { method: "POST", body: "12345" });

      const received = log.out.find((line) => line.includes("echo received 5 characters"));
      expect(received).toMatch(logLine);
      expect(received).toMatch(
        /\[information\] echo \([0-9a-f-]{36}\): echo received 5 characters$/,
      );
      const warning = log.out.find((line) => line.includes("second line"));
      expect(warning).toMatch(/\[warning\] echo \(.+\): second line\\nof a warning$/);
    });
  });

  describe("timers", () => {
    const admin = (name: string, init: RequestInit = {}): Promise<Response> =>
      get(`/admin/functions/${name}`, { method: "POST", body: "{}", ...withKey, ...init });

    it("runs a runOnStartup timer once when the host starts", async () => {
      await waitFor(() => countLines(log.out, "startup ran") > 0);
      expect(countLines(log.out, "startup ran")).toBe(1);
    });

    it("runs a timer on demand through the admin endpoint, answering 202", async () => {
      const before = countLines(log.out, "tick ran");
      const response = await admin("tick", { body: JSON.stringify({ input: "" }) });
      expect(response.status).toBe(202);
      await waitFor(() => countLines(log.out, "tick ran") === before + 1);
      expect(log.out.find((line) => line.includes("tick ran"))).toContain("isPastDue=false");
    });

    it("answers 401 on the admin endpoint without the key and 404 for unknown names", async () => {
      expect((await admin("tick", { headers: {} })).status).toBe(401);
      expect((await admin("nope")).status).toBe(404);
      expect((await admin("hello")).status).toBe(404);
    });

    it("never starts a timer while its previous run is still going", async () => {
      let release = (): void => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      Object.assign(globalThis, { fixtureSlowTickGate: gate });

      const first = host.fireTimer("slowTick");
      await waitFor(() => countLines(log.out, "slowTick started") === 1);
      await host.fireTimer("slowTick");
      expect((await admin("slowTick")).status).toBe(202);
      await waitFor(() => countLines(log.out, 'Timer "slowTick" is still running') === 2);
      expect(countLines(log.out, "slowTick started")).toBe(1);

      release();
      await first;
      await host.fireTimer("slowTick");
      expect(countLines(log.out, "slowTick started")).toBe(2);
      expect(countLines(log.out, "slowTick finished")).toBe(2);
    });

    it("fires a timer on its schedule", async () => {
      const every = await startFixtureHost({ tickSchedule: "* * * * * *" });
      try {
        await waitFor(() => countLines(every.log.out, "tick ran") >= 1, 2500);
      } finally {
        await every.host.close();
      }
    });

    it("fails to start when a schedule is invalid, naming the function and schedule", async () => {
      await expect(startFixtureHost({ tickSchedule: "61 * * * * *" })).rejects.toThrow(
        /Timer function "tick" has an invalid schedule "%TICK_SCHEDULE%".*61 is outside 0-59/,
      );
      await expect(startFixtureHost({ tickSchedule: "0 * * * *" })).rejects.toThrow(
        /"tick".*expected 6 fields/,
      );
    });

    it("fails to start when a schedule names an app setting that is not set", async () => {
      delete process.env["TICK_SCHEDULE"];
      const starting = startFunctionsHost({
        appRoot,
        port: 0,
        functionKey,
        log: collectLog().sink,
      });
      await expect(starting).rejects.toThrow(
        /"tick" has an invalid schedule "%TICK_SCHEDULE%": the app setting "TICK_SCHEDULE"/,
      );
    });
  });

  describe("with an empty route prefix in host.json", () => {
    it("serves routes at the root of the URL", async () => {
      const bare = await startFixtureHost({ appRoot: noPrefixAppRoot });
      try {
        expect(bare.host.routePrefix).toBe("");
        expect((await fetch(`${bare.host.url}/hello`)).status).toBe(200);
        expect((await fetch(`${bare.host.url}/api/hello`)).status).toBe(404);
      } finally {
        await bare.host.close();
      }
    });
  });
});

describe("functions-host main.js", () => {
  const artifacts = path.join(repoRoot, "test/artifacts", `functions-host-${process.pid}`);

  beforeAll(() => {
    if (!existsSync(mainJs)) {
      throw new Error(`${mainJs} is missing: run "npm run build" (npm test does) first.`);
    }
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(
      path.join(artifacts, "package.json"),
      JSON.stringify({ main: path.relative(artifacts, path.join(appRoot, "functions/*.js")) }),
    );
    writeFileSync(
      path.join(artifacts, "local.settings.json"),
      JSON.stringify({
        IsEncrypted: false,
        Values: {
          LOCAL_FUNCTION_KEY: "child-key",
          TICK_SCHEDULE: yearly,
          FIXTURE_FROM_SETTINGS: "from-settings",
          FIXTURE_OVERRIDE: "from-settings",
        },
      }),
    );
  });

  afterAll(() => {
    rmSync(artifacts, { recursive: true, force: true });
  });

  function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
    for (const name of ["LOCAL_FUNCTION_KEY", "TICK_SCHEDULE", "FIXTURE_FROM_SETTINGS"]) {
      delete env[name];
    }
    return env;
  }

  it("loads local.settings.json into the environment, where a set variable wins", async () => {
    const child = spawn(process.execPath, [mainJs, "--app", artifacts, "--port", "0"], {
      env: childEnv({ FIXTURE_OVERRIDE: "from-env" }),
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));

    try {
      await waitFor(() => /Functions host listening at (\S+)\n/.test(stdout), 10000);
      const url = /Functions host listening at (\S+)\n/.exec(stdout)?.[1] ?? "";
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await waitFor(() => stdout.includes("  tick: timer"));
      expect(stdout).toContain(`  getLogin: [GET] ${url}/api/tenants/{tenant}/logins/{id:int}\n`);
      expect(stdout).toContain(`  tick: timer (${yearly})\n`);

      const settings = await fetch(`${url}/api/settings`);
      expect(await settings.json()).toEqual({
        fromSettings: "from-settings",
        override: "from-env",
      });
      const login = await fetch(`${url}/api/tenants/t/logins/1`, {
        headers: { "x-functions-key": "child-key" },
      });
      expect(login.status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("exits 1 with the app's message when the app fails while loading", async () => {
    const child = spawn(process.execPath, [mainJs, "--app", artifacts, "--port", "0"], {
      env: childEnv({ FIXTURE_FAIL_AT_IMPORT: "1" }),
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));

    expect(code).toBe(1);
    expect(stderr).toContain("FIXTURE_FAIL_AT_IMPORT is set: the fixture app refuses to load");
  });

  it("exits 1 naming LOCAL_FUNCTION_KEY when no key is configured", async () => {
    const settingsPath = path.join(artifacts, "no-key.settings.json");
    writeFileSync(settingsPath, JSON.stringify({ Values: { TICK_SCHEDULE: yearly } }));
    const child = spawn(
      process.execPath,
      [mainJs, "--app", artifacts, "--port", "0", "--settings", settingsPath],
      { env: childEnv({}) },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));

    expect(code).toBe(1);
    expect(stderr).toContain("LOCAL_FUNCTION_KEY is not set");
  });
});
