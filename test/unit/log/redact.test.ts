import { brokerLog } from "../../../shared/log/BrokerLog";
import { redactFields, redactText } from "../../../shared/log/redact";

const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMiLCJ0aWQiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl";
const refreshToken = "0.AX" + "Qk9fZ2h-_".repeat(20);

describe("redaction", () => {
  it("removes JWTs and long opaque strings from text", () => {
    const text = redactText(`failed with ${jwt} and ${refreshToken} for tenant contoso`);
    expect(text).not.toContain(jwt);
    expect(text).not.toContain(refreshToken);
    expect(text).toContain("for tenant contoso");
  });

  it("never writes a field named like a secret", () => {
    expect(redactFields({ deviceCode: "abc", refresh_token: "x", tenant: "t" })).toEqual({
      deviceCode: "[redacted]",
      refresh_token: "[redacted]",
      tenant: "t",
    });
  });

  it("keeps expiry fields whose names mention tokens", () => {
    expect(redactFields({ accessTokenExpiresOn: "2026-12-04T10:00:00Z" })).toEqual({
      accessTokenExpiresOn: "2026-12-04T10:00:00Z",
    });
  });

  it("writes one line per event with the invocation id and no secret", () => {
    const lines: unknown[] = [];
    const sink = {
      info: (...a: unknown[]) => lines.push(a.join(" ")),
      warn: () => {},
      error: () => {},
      invocationId: "inv-1",
    };
    brokerLog(sink).info("login.completed", { tenant: "t1", cause: `boom ${jwt}` });
    expect(lines).toEqual([
      `login.completed {"tenant":"t1","cause":"boom [redacted]","invocationId":"inv-1"}`,
    ]);
  });
});

describe("identifiers in logs", () => {
  it("keeps home account ids, which are long but not secret", () => {
    const homeAccountId =
      "8de26b9c-5198-4013-9723-314ec8fcbee3.51a443f6-dad5-4be0-9878-ad25f3c6d2f7";
    expect(redactText(`account ${homeAccountId} refreshed`)).toBe(
      `account ${homeAccountId} refreshed`,
    );
  });
});
