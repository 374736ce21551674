import { randomBytes } from "node:crypto";
import { parseKeyRing } from "../../../shared/crypto/keyRing";
import { BrokerError } from "../../../shared/http/BrokerError";
import { openSealedCache } from "../../../shared/snapshots/openSealedCache";
import { sealTokenCache } from "../../../shared/tokenCache/tokenCacheEnvelope";
import { OTHER_TENANT, TENANT, msalNodeAccount } from "./cacheFixtures";

const k1 = `k1:${randomBytes(32).toString("base64")}`;
const k2 = `k2:${randomBytes(32).toString("base64")}`;
const document = msalNodeAccount({ uid: "adele" });
const sealed = (tenantId = TENANT) =>
  Buffer.from(JSON.stringify(sealTokenCache(parseKeyRing(k1, "K"), tenantId, document)));

function codeOf(open: () => unknown): string {
  try {
    open();
  } catch (error) {
    return error instanceof BrokerError ? `${error.code}: ${error.detail}` : String(error);
  }
  return "opened";
}

describe("openSealedCache", () => {
  it("opens a cache sealed with an older key of the ring", () => {
    const ring = parseKeyRing(`${k2},${k1}`, "K");

    expect(openSealedCache(ring, TENANT, sealed(), "the snapshot")).toEqual(document);
  });

  it("names the key id when the key is no longer in the ring", () => {
    expect(
      codeOf(() => openSealedCache(parseKeyRing(k2, "K"), TENANT, sealed(), "the snapshot")),
    ).toMatch(/^backup_key_unknown: The snapshot is sealed with key "k1"/);
  });

  it("refuses another tenant's cache, naming it", () => {
    const ring = parseKeyRing(k1, "K");

    expect(
      codeOf(() => openSealedCache(ring, TENANT, sealed(OTHER_TENANT), "the snapshot")),
    ).toMatch(new RegExp(`^backup_wrong_tenant: .*${OTHER_TENANT}`));
  });

  it("refuses a truncated or altered envelope", () => {
    const ring = parseKeyRing(k1, "K");
    const bytes = sealed();
    // One character of the GCM tag changed, whatever it was.
    const altered = Buffer.from(
      bytes
        .toString()
        .replace(/"tag":"(.)/, (_, first: string) => `"tag":"${first === "A" ? "B" : "A"}`),
    );

    expect(codeOf(() => openSealedCache(ring, TENANT, bytes.subarray(0, 40), "the file"))).toMatch(
      /^backup_unreadable: The file cannot be read: it is not JSON/,
    );
    expect(codeOf(() => openSealedCache(ring, TENANT, altered, "the file"))).toMatch(
      /^backup_unreadable:/,
    );
  });
});
