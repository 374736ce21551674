import { BrokerClient } from "../../cli/brokerClient";
import { BrokerAnswerError, BrokerProblemError, BrokerUnreachableError } from "../../cli/errors";
import { closedPortUrl } from "./closedPort";
import { FakeBroker, fakeKey, type FakeRoute } from "./fakeBroker";
import { FakeClock } from "./fakeClock";

const secret = "eyJ0eXAiOiJKV1QifQ.secret-looking-token.c2ln";

let broker: FakeBroker | undefined;

async function clientFor(route: FakeRoute, baseSuffix = ""): Promise<BrokerClient> {
  broker = await FakeBroker.start(route);
  return new BrokerClient({
    baseUrl: `${broker.url}${baseSuffix}`,
    key: fakeKey,
    clock: new FakeClock(),
  });
}

afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

describe("BrokerClient", () => {
  describe("addresses", () => {
    it("appends API paths to a base URL with a trailing slash and escapes the tenant", async () => {
      const client = await clientFor(() => ({ status: 200, body: { accounts: [] } }), "/");

      await client.listAccounts("a/b c");

      expect(broker!.requests[0]?.path).toBe("/api/tenants/a%2Fb%20c/accounts");
    });

    it("resolves a relative Location against the base URL", async () => {
      const login = {
        id: "L1",
        status: "pending",
        userCode: "ABCD-1234",
        verificationUri: "https://microsoft.com/devicelogin",
      };
      const client = await clientFor(
        () => ({ status: 202, headers: { location: "api/tenants/t/logins/L1" }, body: login }),
        "/broker",
      );

      const ticket = await client.startLogin("t", []);

      expect(ticket.location).toBe(`${broker!.url}/broker/api/tenants/t/logins/L1`);
      expect(broker!.requests[0]?.body).toEqual({});
    });

    it("builds the login's URL from its id when the Location is on another origin", async () => {
      const login = { id: "L3", status: "pending", userCode: "C", verificationUri: "https://x" };
      const location = "https://inner-host.invalid/api/tenants/t/logins/L3";
      const client = await clientFor(() => ({ status: 202, headers: { location }, body: login }));

      const ticket = await client.startLogin("t", []);

      expect(ticket.location).toBe(`${broker!.url}/api/tenants/t/logins/L3`);
    });

    it("builds the login's URL from its id when there is no Location", async () => {
      const login = { id: "L2", status: "pending", userCode: "C", verificationUri: "https://x" };
      const client = await clientFor(() => ({ status: 202, body: login }));

      const ticket = await client.startLogin("t", ["s"]);

      expect(ticket.location).toBe(`${broker!.url}/api/tenants/t/logins/L2`);
    });
  });

  describe("answers it cannot use", () => {
    it("does not follow a redirect, which would carry the key elsewhere", async () => {
      const client = await clientFor(() => ({
        status: 307,
        headers: { location: "/elsewhere" },
      }));

      await expect(client.listAccounts("t")).rejects.toBeInstanceOf(BrokerAnswerError);
    });

    it("reports a body that is not JSON without quoting it", async () => {
      const client = await clientFor(() => ({ status: 200, rawBody: `accessToken=${secret}` }));

      const error = await client.listAccounts("t").catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(BrokerAnswerError);
      expect((error as Error).message).not.toContain(secret);
    });

    it("reports a token answer without an access token by the missing field's name", async () => {
      const client = await clientFor(() => ({ status: 200, body: { tokenType: "Bearer" } }));

      await expect(client.requestToken("t", ["s"])).rejects.toThrow("has no accessToken");
    });

    it("keeps a problem's Retry-After", async () => {
      const client = await clientFor(() => ({
        status: 503,
        headers: { "retry-after": "30" },
        body: { title: "Storage cannot be reached right now", detail: "Try again later." },
      }));

      const error = await client.listAccounts("t").catch((caught: unknown) => caught);

      expect(error).toMatchObject({ status: 503, retryAfterSeconds: 30, transient: true });
    });

    it("makes a problem's title printable", async () => {
      const client = await clientFor(() => ({
        status: 400,
        body: { title: "Bad\u001b[2JRequest", detail: "line one\nline two" },
      }));

      await expect(client.listAccounts("t")).rejects.toThrow(
        new BrokerProblemError("Bad?[2JRequest: line one?line two", 400),
      );
    });
  });

  describe("network errors", () => {
    it("tries three more times, then reports the broker unreachable", async () => {
      const clock = new FakeClock();
      const client = new BrokerClient({
        baseUrl: await closedPortUrl(),
        key: fakeKey,
        clock,
      });

      await expect(client.listAccounts("t")).rejects.toBeInstanceOf(BrokerUnreachableError);
      expect(clock.sleeps).toEqual([250, 500, 1000]);
    });
  });
});
