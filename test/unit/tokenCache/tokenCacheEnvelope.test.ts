import { randomBytes } from "node:crypto";
import { parseKeyRing } from "../../../shared/crypto/keyRing";
import { seal } from "../../../shared/crypto/secretBox";
import {
  EnvelopeUnreadableError,
  openTokenCache,
  sealTokenCache,
} from "../../../shared/tokenCache/tokenCacheEnvelope";
import { emptyCacheDocument } from "../../../shared/tokenCache/cacheDocument";

const ring = parseKeyRing(`k1:${randomBytes(32).toString("base64")}`, "TOKEN_CACHE_KEYS");
const TENANT = "51a443f6-dad5-4be0-9878-ad25f3c6d2f7";

function unreadable(bytes: Buffer): EnvelopeUnreadableError {
  try {
    openTokenCache(ring, TENANT, bytes);
  } catch (error) {
    return error as EnvelopeUnreadableError;
  }
  throw new Error("the envelope opened");
}

describe("token cache envelope", () => {
  it("opens what it sealed for the same tenant", () => {
    const bytes = Buffer.from(JSON.stringify(sealTokenCache(ring, TENANT, emptyCacheDocument())));
    expect(openTokenCache(ring, TENANT, bytes)).toEqual(emptyCacheDocument());
  });

  it.each([["null"], ["42"], ["[]"], ["not json"], [""]])(
    "refuses the blob %j as unreadable",
    (text) => {
      expect(unreadable(Buffer.from(text))).toBeInstanceOf(EnvelopeUnreadableError);
    },
  );

  it("refuses sealed content that is not JSON, without quoting it", () => {
    const sealed = seal(
      ring,
      Buffer.from("refresh-token-text not json"),
      `m365-token-broker/token-cache|1|${TENANT}`,
    );
    const envelope = {
      format: "m365-token-broker/token-cache",
      version: 1,
      tenantId: TENANT,
      ...sealed,
    };

    const error = unreadable(Buffer.from(JSON.stringify(envelope)));

    expect(error.message).toContain("not an MSAL token cache");
    expect(error.message).not.toContain("refresh-token-text");
    expect(error.cause).toBeUndefined();
  });
});
