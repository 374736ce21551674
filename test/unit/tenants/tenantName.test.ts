import { BrokerError } from "../../../shared/http/BrokerError";
import { parseTenantName } from "../../../shared/tenants/tenantName";

describe("tenant name", () => {
  it.each([
    ["Contoso.OnMicrosoft.com", "contoso.onmicrosoft.com"],
    ["6E1A0C52-1B6B-4F0B-9C3B-0D0A3C8E5F11", "6e1a0c52-1b6b-4f0b-9c3b-0d0a3c8e5f11"],
  ])("normalizes %s", (given, expected) => {
    expect(parseTenantName(given)).toBe(expected);
  });

  it.each([
    "common",
    "organizations",
    "not a domain",
    "localhost",
    "a..b",
    "x".repeat(300) + ".com",
    "-bad.com",
    "%2e%2e",
    "127.0.0.1",
  ])("refuses %j as the caller's mistake", (given) => {
    expect(() => parseTenantName(given)).toThrow(BrokerError);
    try {
      parseTenantName(given);
    } catch (error) {
      expect((error as BrokerError).status).toBe(400);
    }
  });
});
