import { randomBytes } from "node:crypto";
import { parseKeyRing } from "../../../shared/crypto/keyRing";
import { BrokerError } from "../../../shared/http/BrokerError";
import {
  EXPORT_FORMAT,
  isCacheExport,
  openCacheExport,
  sealCacheExport,
} from "../../../shared/snapshots/cacheExport";
import { CLIENT, OTHER_TENANT, TENANT, msalNodeAccount } from "./cacheFixtures";

const oldKey = `old:${randomBytes(32).toString("base64")}`;
const newKey = `new:${randomBytes(32).toString("base64")}`;
const oldRing = parseKeyRing(oldKey, "TOKEN_CACHE_KEYS");
const rotatedRing = parseKeyRing(`${newKey},${oldKey}`, "TOKEN_CACHE_KEYS");
const origin = { tenantId: TENANT, clientId: CLIENT };
const document = msalNodeAccount({ uid: "adele", refreshToken: "rt-secret-value" });

function exported(): Record<string, unknown> {
  const file = sealCacheExport(oldRing, origin, document, "2026-03-01T12:00:00.000Z");
  return JSON.parse(JSON.stringify(file)) as Record<string, unknown>;
}

function refusal(open: () => unknown): { code: string; detail: string } {
  try {
    open();
  } catch (error) {
    if (error instanceof BrokerError) {
      return { code: error.code, detail: error.detail };
    }
    throw error;
  }
  throw new Error("opened");
}

describe("cache export", () => {
  it("describes itself in clear and holds no token text", () => {
    const file = exported();

    expect(file).toMatchObject({
      format: EXPORT_FORMAT,
      version: 1,
      tenantId: TENANT,
      clientId: CLIENT,
      createdOn: "2026-03-01T12:00:00.000Z",
      keyId: "old",
      accounts: ["adele@contoso.example"],
    });
    expect(isCacheExport(file)).toBe(true);
    expect(JSON.stringify(file)).not.toContain("rt-secret-value");
  });

  it("opens with a ring where its key is no longer the first", () => {
    expect(openCacheExport(rotatedRing, origin, exported())).toEqual(document);
  });

  it("is refused naming the key id when its key left the ring", () => {
    const ring = parseKeyRing(newKey, "TOKEN_CACHE_KEYS");

    const { code, detail } = refusal(() => openCacheExport(ring, origin, exported()));

    expect(code).toBe("backup_key_unknown");
    expect(detail).toContain('key "old"');
  });

  it("is refused for another tenant, naming both", () => {
    const expected = { ...origin, tenantId: OTHER_TENANT };

    const { code, detail } = refusal(() => openCacheExport(oldRing, expected, exported()));

    expect(code).toBe("backup_wrong_tenant");
    expect(detail).toContain(TENANT);
    expect(detail).toContain(OTHER_TENANT);
  });

  it("is refused for another application", () => {
    const expected = { ...origin, clientId: "6b0c6a5e-0000-4000-8000-000000000001" };

    expect(refusal(() => openCacheExport(oldRing, expected, exported())).code).toBe(
      "backup_wrong_client",
    );
  });

  it.each([
    ["an edited account list", (file: Record<string, unknown>) => (file.accounts = ["eve@x"])],
    ["an edited time", (file: Record<string, unknown>) => (file.createdOn = "2020-01-01")],
    ["a cut ciphertext", (file: Record<string, unknown>) => (file.ciphertext = "AAAA")],
  ])("fails its integrity check with %s", (_name, tamper) => {
    const file = exported();
    tamper(file);

    expect(refusal(() => openCacheExport(oldRing, origin, file)).code).toBe("backup_unreadable");
  });

  it("fails its integrity check when another tenant's export is edited to name this one", () => {
    const file = JSON.parse(
      JSON.stringify(
        sealCacheExport(oldRing, { ...origin, tenantId: OTHER_TENANT }, document, "t"),
      ),
    ) as Record<string, unknown>;
    file.tenantId = TENANT;

    expect(refusal(() => openCacheExport(oldRing, origin, file)).code).toBe("backup_unreadable");
  });

  it("is refused when a part is missing or its version is unknown", () => {
    const withoutIv = exported();
    delete withoutIv.iv;

    expect(refusal(() => openCacheExport(oldRing, origin, withoutIv)).code).toBe(
      "backup_unreadable",
    );
    expect(
      refusal(() => openCacheExport(oldRing, origin, { ...exported(), version: 2 })).code,
    ).toBe("backup_unreadable");
  });
});
