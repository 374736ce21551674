import { randomUUID } from "node:crypto";
import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import { CONTOSO, FABRIKAM, signIn, tokenCacheEtag } from "../support/flows";
import {
  cacheBlob,
  listSnapshots,
  takeSnapshot,
  type SnapshotView,
} from "../support/snapshotFlows";

const TENANT = `/api/tenants/${CONTOSO.domain}`;
const RESTORE = `${TENANT}/cache/restore`;
const IMPORT = `${TENANT}/cache/import`;

type Init = { method?: string; body?: unknown; rawBody?: string };

describe("bad snapshots and files get a problem answer and change nothing", () => {
  let stack: Stack;
  let host: RunningHost;
  let snapshot: SnapshotView;
  let planted: string;
  let exported: string;
  let fabrikamExport: string;
  let otherClientExport: string;
  let fabrikamPlain: string;
  let etagBefore: string | undefined;
  let snapshotsBefore: SnapshotView[];

  beforeAll(async () => {
    stack = await Stack.start();
    host = await stack.startHost({ TOKEN_CACHE_REUSE: "0s" });
    await signIn(stack, host, CONTOSO.domain, "adele.v@contoso.onmicrosoft.com");
    await signIn(stack, host, FABRIKAM.domain, "adele.v@fabrikam.onmicrosoft.com");
    snapshot = (await takeSnapshot(stack, host, CONTOSO.domain, "good")).json as SnapshotView;
    exported = (await stack.api(host, `${TENANT}/cache/export`)).text;
    fabrikamExport = (await stack.api(host, `/api/tenants/${FABRIKAM.domain}/cache/export`)).text;
    fabrikamPlain = (
      await stack.api(
        host,
        `/api/tenants/${FABRIKAM.domain}/cache/export?format=msal&confirm=plaintext-tokens`,
      )
    ).text;
    const otherApp = await stack.startHost({ ENTRA_CLIENT_ID: randomUUID() });
    otherClientExport = (await stack.api(otherApp, `${TENANT}/cache/export`)).text;
    planted = await plantSnapshotOfFabrikam();

    etagBefore = await tokenCacheEtag(stack, CONTOSO.id);
    snapshotsBefore = await listSnapshots(stack, host, CONTOSO.domain);
  });
  afterAll(() => stack.stop());
  afterEach(async () => {
    expect(await tokenCacheEtag(stack, CONTOSO.id)).toBe(etagBefore);
    expect(await listSnapshots(stack, host, CONTOSO.domain)).toEqual(snapshotsBefore);
  });

  // Storage holds a snapshot of Contoso's blob whose content is Fabrikam's cache, as if someone
  // had copied one tenant's blob over another's and snapshotted it.
  async function plantSnapshotOfFabrikam(): Promise<string> {
    const contoso = cacheBlob(stack, CONTOSO.id);
    const original = await contoso.downloadToBuffer();
    const foreign = await cacheBlob(stack, FABRIKAM.id).downloadToBuffer();
    await contoso.upload(foreign, foreign.length);
    const { snapshot: id } = await contoso.createSnapshot();
    await contoso.upload(original, original.length);
    return id!;
  }

  const tampered = (edit: (file: Record<string, unknown>) => void) => () => {
    const file = JSON.parse(exported) as Record<string, unknown>;
    edit(file);
    return JSON.stringify(file);
  };
  const flipped = (text: string) =>
    text.replace(/"ciphertext":"(.)/, (_m, c: string) => `"ciphertext":"${c === "A" ? "B" : "A"}`);

  const cases: Array<[string, string, () => Init, number, string]> = [
    [
      "an unknown snapshot id",
      RESTORE,
      () => restore({ snapshot: "2020-01-01T00:00:00.0000000Z" }),
      404,
      "snapshot_not_found",
    ],
    [
      "a snapshot id that is not one",
      RESTORE,
      () => restore({ snapshot: "latest" }),
      404,
      "snapshot_not_found",
    ],
    [
      "a snapshot of another tenant's cache",
      RESTORE,
      () => restore({ snapshot: planted }),
      422,
      "backup_wrong_tenant",
    ],
    [
      "a mode that is neither replace nor merge",
      RESTORE,
      () => restore({ snapshot: snapshot.id, mode: "overwrite" }),
      400,
      "invalid_request",
    ],
    [
      "a restore without a snapshot",
      RESTORE,
      () => restore({ mode: "merge" }),
      400,
      "invalid_request",
    ],
    ["an export of another tenant", IMPORT, () => put(fabrikamExport), 422, "backup_wrong_tenant"],
    [
      "an export of another application",
      IMPORT,
      () => put(otherClientExport),
      422,
      "backup_wrong_client",
    ],
    [
      "a truncated export",
      IMPORT,
      () => put(exported.slice(0, exported.length / 2)),
      422,
      "backup_unreadable",
    ],
    ["a corrupted export", IMPORT, () => put(flipped(exported)), 422, "backup_unreadable"],
    [
      "an export whose account list was edited",
      IMPORT,
      () => put(tampered((f) => (f.accounts = ["eve@contoso.com"]))()),
      422,
      "backup_unreadable",
    ],
    [
      "JSON that is not an MSAL cache",
      IMPORT,
      () => put('{"hello":"world"}'),
      422,
      "not_a_token_cache",
    ],
    ["a JSON array", IMPORT, () => put("[]"), 422, "not_a_token_cache"],
    ["an empty file", IMPORT, () => put(""), 422, "not_a_token_cache"],
    [
      "an MSAL cache with no account of this tenant",
      IMPORT,
      () => put(fabrikamPlain),
      422,
      "nothing_to_import",
    ],
    [
      "a file over 5 MiB",
      IMPORT,
      () => put(`{"pad":"${"x".repeat(5 * 1024 * 1024)}"}`),
      413,
      "payload_too_large",
    ],
    [
      "an import mode that is neither replace nor merge",
      `${IMPORT}?mode=overwrite`,
      () => put(exported),
      400,
      "invalid_request",
    ],
    [
      "plain MSAL JSON without the confirmation",
      `${TENANT}/cache/export?format=msal`,
      () => ({}),
      400,
      "invalid_request",
    ],
    [
      "an export format that does not exist",
      `${TENANT}/cache/export?format=xml`,
      () => ({}),
      400,
      "invalid_request",
    ],
    [
      "an unknown field on a snapshot",
      `${TENANT}/cache/snapshots`,
      () => ({ method: "POST", body: { lable: "x" } }),
      400,
      "invalid_request",
    ],
  ];

  it.each(cases)("%s", async (_name, path, init, status, code) => {
    const answer = await stack.api(host, path, init());

    expect(answer.status).toBe(status);
    expect(answer.headers["content-type"]).toBe("application/problem+json");
    expect(answer.json).toEqual({
      type: `urn:m365-token-broker:problem:${code}`,
      title: expect.any(String),
      status,
      detail: expect.any(String),
    });
  });

  it("takes no snapshot of a cache that cannot be read, and says so", async () => {
    const fabrikam = cacheBlob(stack, FABRIKAM.id);
    const original = await fabrikam.downloadToBuffer();
    const before = await listSnapshots(stack, host, FABRIKAM.domain);
    await fabrikam.upload("not a sealed cache", 18);
    try {
      const answer = await takeSnapshot(stack, host, FABRIKAM.domain, "x");

      expect(answer.status).toBe(503);
      expect(answer.json).toMatchObject({
        type: "urn:m365-token-broker:problem:token_cache_unreadable",
        detail: expect.stringContaining("so no snapshot of it was taken"),
      });
      expect(await listSnapshots(stack, host, FABRIKAM.domain)).toEqual(before);
    } finally {
      await fabrikam.upload(original, original.length);
    }
  });

  it("names both tenants when a snapshot belongs to another", async () => {
    const answer = await stack.api(host, RESTORE, restore({ snapshot: planted }));

    expect((answer.json as { detail: string }).detail).toContain(FABRIKAM.id);
    expect((answer.json as { detail: string }).detail).toContain(CONTOSO.id);
  });
});

function restore(body: Record<string, unknown>): Init {
  return { method: "POST", body };
}

function put(file: string): Init {
  return { method: "PUT", rawBody: file };
}
