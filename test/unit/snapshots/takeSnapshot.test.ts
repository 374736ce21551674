import { randomBytes } from "node:crypto";
import { parseKeyRing } from "../../../shared/crypto/keyRing";
import { silentLog } from "../../../shared/log/BrokerLog";
import type { SnapshotFields } from "../../../shared/snapshots/snapshotMetadata";
import type { SnapshotDependencies } from "../../../shared/snapshots/snapshotDependencies";
import { takeSnapshot } from "../../../shared/snapshots/takeSnapshot";
import { TENANT } from "./cacheFixtures";

const ring = parseKeyRing(`k1:${randomBytes(32).toString("base64")}`, "TOKEN_CACHE_KEYS");

/** A tenant whose cache blob holds `bytes`, recording the snapshots taken of it. */
function tenantWithBlob(bytes: Buffer) {
  const taken: SnapshotFields[] = [];
  const deps = {
    snapshots: {
      current: async () => ({ bytes, etag: "1" }),
      list: async () => [],
      create: async (_tenantId: string, _etag: string, fields: SnapshotFields) => {
        taken.push(fields);
        return { id: "2026-01-01T00:00:01.0000000Z", ...fields };
      },
    },
    keyRing: ring,
    now: () => Date.parse("2026-01-01T00:00:00Z"),
  } as unknown as SnapshotDependencies;
  return { deps, taken };
}

describe("takeSnapshot", () => {
  it("refuses a cache that cannot be decrypted, saying that no snapshot was taken", async () => {
    const { deps, taken } = tenantWithBlob(Buffer.from("garbage"));

    await expect(takeSnapshot(deps, TENANT, "x", silentLog)).rejects.toMatchObject({
      code: "token_cache_unreadable",
      detail: expect.stringMatching(
        /cannot be decrypted or parsed, so no snapshot of it was taken\./,
      ),
    });
    expect(taken).toEqual([]);
  });
});
