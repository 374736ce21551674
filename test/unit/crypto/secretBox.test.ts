import { randomBytes } from "node:crypto";
import { parseKeyRing } from "../../../shared/crypto/keyRing";
import { open, seal, SecretUnreadableError } from "../../../shared/crypto/secretBox";
import { InvalidSettingError } from "../../../shared/settings/InvalidSettingError";

const key = () => randomBytes(32).toString("base64");

describe("secret box", () => {
  const oldKey = key();
  const ring = parseKeyRing(`new:${key()},old:${oldKey}`, "TOKEN_CACHE_KEYS");

  it("opens what it sealed, and the ciphertext does not hold the plaintext", () => {
    const sealed = seal(ring, Buffer.from("refresh-token-value"), "tenant-a");
    expect(sealed.keyId).toBe("new");
    expect(JSON.stringify(sealed)).not.toContain("refresh-token-value");
    expect(open(ring, sealed, "tenant-a").toString()).toBe("refresh-token-value");
  });

  it("opens a secret sealed with an older key of the ring", () => {
    const sealed = seal(parseKeyRing(`old:${oldKey}`, "X"), Buffer.from("s"), "c");
    expect(open(ring, sealed, "c").toString()).toBe("s");
  });

  it("refuses a secret sealed for another context", () => {
    const sealed = seal(ring, Buffer.from("s"), "tenant-a");
    expect(() => open(ring, sealed, "tenant-b")).toThrow(SecretUnreadableError);
  });

  it("refuses a tampered ciphertext", () => {
    const sealed = seal(ring, Buffer.from("secret"), "c");
    const bytes = Buffer.from(sealed.ciphertext, "base64");
    bytes[0] = bytes[0]! ^ 1;
    expect(() => open(ring, { ...sealed, ciphertext: bytes.toString("base64") }, "c")).toThrow(
      "integrity",
    );
  });

  it("names the key id when the key is no longer in the ring", () => {
    const sealed = seal(parseKeyRing(`gone:${key()}`, "X"), Buffer.from("s"), "c");
    expect(() => open(ring, sealed, "c")).toThrow('key "gone"');
  });
});

describe("key ring", () => {
  it.each([
    ["", "holds no key|list of id"],
    ["k1", "list of id"],
    ["k1:c2hvcnQ=", "not 32 bytes"],
    [`k1:${key()},k1:${key()}`, "twice"],
    [`bad id:${key()}`, "list of id"],
  ])("refuses %j naming the setting but not the value", (text, problem) => {
    let error: unknown;
    try {
      parseKeyRing(text, "TOKEN_CACHE_KEYS");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidSettingError);
    expect((error as Error).message).toMatch(new RegExp(problem));
    expect((error as Error).message).toContain("TOKEN_CACHE_KEYS");
    if (text.includes(":") && text.length > 8) {
      expect((error as Error).message).not.toContain(text.split(":")[1]!.slice(0, 12));
    }
  });
});
