import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import { runCli, type CliRun } from "../cli/runCli";
import { CONTOSO, listAccounts, signIn } from "../support/flows";
import { usernames, wipeTenant } from "../support/snapshotFlows";

const ADELE = "adele.v@contoso.onmicrosoft.com";
const MEGAN = "megan.b@contoso.onmicrosoft.com";
const TENANT = ["--tenant", CONTOSO.domain];

describe("the job's command line for snapshots, restores, exports and imports", () => {
  let stack: Stack;
  let host: RunningHost;
  let snapshotId: string;
  const folder = mkdtempSync(path.join(tmpdir(), "broker-cli-"));
  const exportFile = path.join(folder, "contoso-cache.json");
  const outputs: CliRun[] = [];

  beforeAll(async () => {
    stack = await Stack.start();
    host = await stack.startHost({ TOKEN_CACHE_REUSE: "0s" });
    await signIn(stack, host, CONTOSO.domain, ADELE);
    await signIn(stack, host, CONTOSO.domain, MEGAN);
  });
  afterAll(async () => {
    await stack.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<CliRun> {
    const run = await runCli(args, {
      TOKEN_BROKER_URL: host.url,
      TOKEN_BROKER_KEY: stack.functionKey,
    });
    outputs.push(run);
    return run;
  }

  it("snapshot prints the snapshot id, and says which accounts it holds", async () => {
    const run = await cli("snapshot", ...TENANT, "--label", "job-42");

    expect(run.code).toBe(0);
    snapshotId = run.stdout.trim();
    expect(snapshotId).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(run.stderr).toContain(`holds accounts ${ADELE}, ${MEGAN}`);
  });

  it("snapshots lists them as a table", async () => {
    const run = await cli("snapshots", ...TENANT);

    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/^ID\s+CREATED\s+LABEL\s+ACCOUNTS\s+BYTES$/);
    expect(run.stdout).toMatch(
      new RegExp(`^${snapshotId.replace(/\./g, "\\.")}\\s+\\S+\\s+job-42\\s`, "m"),
    );
  });

  it("export writes the encrypted file, readable only by its owner", async () => {
    const run = await cli("export", ...TENANT, "--out", exportFile);

    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(
      `Exported accounts ${ADELE}, ${MEGAN} of tenant ${CONTOSO.domain} to ${exportFile}.`,
    );
    expect(JSON.parse(readFileSync(exportFile, "utf8"))).toMatchObject({ tenantId: CONTOSO.id });
    expect(statSync(exportFile).mode & 0o777).toBe(0o600);
  });

  it("import puts the file back after the cache was wiped", async () => {
    await wipeTenant(stack, CONTOSO.id);

    const run = await cli("import", ...TENANT, "--mode", "replace", exportFile);

    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`Restored accounts ${ADELE}, ${MEGAN} (mode replace).`);
    expect(usernames(await listAccounts(stack, host, CONTOSO.domain))).toEqual([ADELE, MEGAN]);
  });

  it("restore puts a snapshot back and names the safety snapshot", async () => {
    const taken = (await cli("snapshot", ...TENANT)).stdout.trim();

    const run = await cli("restore", ...TENANT, "--snapshot", taken, "--json");

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      restoredAccounts: [ADELE, MEGAN],
      safetySnapshot: expect.any(String),
      mode: "merge",
    });
  });

  it.each([
    [
      "a snapshot the broker does not have",
      ["restore", ...TENANT, "--snapshot", "2020-01-01T00:00:00Z"],
      3,
      /^No such snapshot/,
    ],
    [
      "a file that does not exist",
      ["import", ...TENANT, "/nonexistent/cache.json"],
      2,
      /^Cannot read \/nonexistent\/cache\.json: ENOENT/,
    ],
    [
      "a mode that does not exist",
      ["restore", ...TENANT, "--snapshot", "x", "--mode", "all"],
      2,
      /^--mode all is neither replace nor merge/,
    ],
    ["an import without a file", ["import", ...TENANT], 2, /^Name the file to import/],
    ["an export without --out", ["export", ...TENANT], 2, /^Missing option --out/],
  ])("exits with the documented code for %s", async (_name, args, code, message) => {
    const run = await cli(...args);

    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
  });

  it("never prints a token", async () => {
    const printed = outputs.map((run) => run.stdout + run.stderr).join("\n");
    for (const secret of await stack.issuedSecrets()) {
      expect(printed).not.toContain(secret);
    }
  });
});
