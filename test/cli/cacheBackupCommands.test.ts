import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FakeBroker, fakeKey, type FakeRoute } from "./fakeBroker";
import { buildCli, runCli, type CliRun } from "./runCli";

const tenant = "contoso.onmicrosoft.com";
const tenantId = "51a443f6-dad5-4be0-9878-ad25f3c6d2f7";
const tenantPath = `/api/tenants/${tenant}`;

let broker: FakeBroker | undefined;
let folder: string;

async function startBroker(route: FakeRoute): Promise<FakeBroker> {
  broker = await FakeBroker.start(route);
  return broker;
}

function run(...args: string[]): Promise<CliRun> {
  return runCli(args, { TOKEN_BROKER_URL: broker!.url, TOKEN_BROKER_KEY: fakeKey });
}

beforeAll(() => buildCli(), 120_000);

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), "m365-cli-"));
});

afterEach(async () => {
  await broker?.close();
  broker = undefined;
  rmSync(folder, { recursive: true, force: true });
});

describe("m365-token-broker snapshots", () => {
  const readable = {
    id: "2026-03-02T08:00:00.0000000Z",
    createdOn: "2026-03-02T08:00:00.000Z",
    label: "run-42",
    accounts: ["adele@contoso.com", "megan@contoso.com"],
    sizeBytes: 2048,
    withoutRefreshToken: ["megan@contoso.com"],
  };
  const unreadable = {
    id: "2026-03-01T08:00:00.0000000Z",
    createdOn: "2026-03-01T08:00:00.000Z",
    label: "",
    accounts: [],
    sizeBytes: 18,
    unreadable: true,
  };
  const answer = { tenantId, snapshots: [readable, unreadable] };

  it("prints the broker's tenantId, unreadable marks and accounts without refresh token with --json", async () => {
    await startBroker(() => ({ status: 200, body: answer }));

    const result = await run("snapshots", "--tenant", tenant, "--json");

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(answer);
  });

  it("says in the table that a snapshot is unreadable", async () => {
    await startBroker(() => ({ status: 200, body: answer }));

    const result = await run("snapshots", "--tenant", tenant);

    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[1]).toMatch(/\srun-42\s+adele@contoso\.com,megan@contoso\.com\s+2048$/);
    expect(lines[2]).toMatch(/\s-\s+\(unreadable: accounts unknown\)\s+18$/);
  });
});

describe("m365-token-broker export", () => {
  const exportFile = { format: "m365-token-broker/token-cache-export", accounts: ["a@b.c"] };
  const exportRoute: FakeRoute = () => ({ status: 200, rawBody: JSON.stringify(exportFile) });

  it("writes the file whole, readable only by its owner", async () => {
    await startBroker(exportRoute);
    const out = path.join(folder, "cache.json");

    const result = await run("export", "--tenant", tenant, "--out", out);

    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(exportFile);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it.each([
    ["a folder that does not exist", () => path.join(folder, "missing", "cache.json"), "ENOENT"],
    ["a file in place of the folder", () => path.join(__filename, "cache.json"), "ENOTDIR"],
    ["a folder in place of the file", () => folder, "EISDIR"],
  ])("asks the broker for nothing when --out names %s", async (_name, out, code) => {
    const fake = await startBroker(exportRoute);

    const result = await run("export", "--tenant", tenant, "--out", out());

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Cannot write ${out()}: ${code}`);
    expect(fake.requests).toEqual([]);
  });

  const unprivileged = process.getuid?.() !== 0;
  (unprivileged ? it : it.skip)("asks for nothing when the folder is not writable", async () => {
    const fake = await startBroker(exportRoute);
    const locked = path.join(folder, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o500);

    const result = await run("export", "--tenant", tenant, "--out", path.join(locked, "f"));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("EACCES");
    expect(fake.requests).toEqual([]);
  });
});

describe("m365-token-broker import", () => {
  it("says that what was left out is counted in cache entries", async () => {
    const file = path.join(folder, "cache.json");
    writeFileSync(file, "{}");
    await startBroker((request) =>
      request.path.startsWith(`${tenantPath}/cache/import`)
        ? {
            status: 200,
            body: {
              restoredAccounts: ["megan@contoso.com"],
              safetySnapshot: null,
              mode: "merge",
              source: "msal",
              dropped: { noRefreshToken: 2, otherTenant: 4 },
            },
          }
        : { status: 404 },
    );

    const result = await run("import", "--tenant", tenant, file);

    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split("\n")).toEqual([
      "Restored accounts megan@contoso.com (mode merge).",
      "Cache entries left out of the file: noRefreshToken 2, otherTenant 4.",
    ]);
  });
});
