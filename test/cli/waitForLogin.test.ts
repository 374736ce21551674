import type { LoginPoll, LoginTicket } from "../../cli/brokerClient";
import { Deadline } from "../../cli/deadline";
import {
  BrokerProblemError,
  BrokerUnreachableError,
  LoginDeclinedError,
  LoginFailedError,
  WaitTimedOutError,
} from "../../cli/errors";
import type { Output } from "../../cli/output";
import { waitForLogin } from "../../cli/waitForLogin";
import { FakeClock } from "./fakeClock";

const account = { homeAccountId: "uid.utid", username: "backup@contoso.com", tenantId: "utid" };

function ticket(retryAfterSeconds: number | undefined, interval?: number): LoginTicket {
  return {
    login: {
      id: "L1",
      status: "pending",
      userCode: "ABCD-1234",
      verificationUri: "https://microsoft.com/devicelogin",
      ...(interval === undefined ? {} : { interval }),
    },
    location: "http://127.0.0.1:7071/api/tenants/contoso/logins/L1",
    retryAfterSeconds,
  };
}

const pending = (retryAfterSeconds?: number): LoginPoll => ({
  state: { id: "L1", status: "pending" },
  retryAfterSeconds,
});
const completed: LoginPoll = {
  state: { id: "L1", status: "completed", account },
  retryAfterSeconds: undefined,
};

/** Answers each poll with the next step: a poll, or an error to throw. */
function scriptedClient(steps: (LoginPoll | Error)[]) {
  const polledAt: number[] = [];
  return {
    polledAt,
    client: (clock: FakeClock) => ({
      getLogin: async () => {
        polledAt.push(clock.now());
        const step = steps.shift();
        if (step === undefined) throw new Error("polled after the script ended");
        if (step instanceof Error) throw step;
        return step;
      },
    }),
  };
}

function silentOutput(): Output & { errors: string[] } {
  const errors: string[] = [];
  return { errors, stdout: () => undefined, stderr: (line) => errors.push(line) };
}

describe("waitForLogin", () => {
  describe("spacing of polls", () => {
    it("waits Retry-After before the first poll and each Retry-After after that", async () => {
      const clock = new FakeClock();
      const script = scriptedClient([pending(3), pending(2), completed]);

      await waitForLogin(ticket(4, 5), {
        client: script.client(clock),
        deadline: new Deadline(clock, undefined),
        output: silentOutput(),
      });

      expect(clock.sleeps).toEqual([4000, 3000, 2000]);
    });

    it("falls back to the login's interval when there is no Retry-After", async () => {
      const clock = new FakeClock();
      const script = scriptedClient([pending(), completed]);

      await waitForLogin(ticket(undefined, 7), {
        client: script.client(clock),
        deadline: new Deadline(clock, undefined),
        output: silentOutput(),
      });

      expect(clock.sleeps).toEqual([7000, 7000]);
    });

    it("waits five seconds when neither Retry-After nor an interval is given", async () => {
      const clock = new FakeClock();
      const script = scriptedClient([completed]);

      await waitForLogin(ticket(undefined), {
        client: script.client(clock),
        deadline: new Deadline(clock, undefined),
        output: silentOutput(),
      });

      expect(clock.sleeps).toEqual([5000]);
    });

    it("waits at least a second when Retry-After is 0", async () => {
      const clock = new FakeClock();
      const script = scriptedClient([pending(0), completed]);

      await waitForLogin(ticket(0), {
        client: script.client(clock),
        deadline: new Deadline(clock, undefined),
        output: silentOutput(),
      });

      expect(clock.sleeps).toEqual([1000, 1000]);
    });
  });

  describe("outcomes", () => {
    it("returns the completed login with its account", async () => {
      const clock = new FakeClock();
      const script = scriptedClient([completed]);

      const outcome = await waitForLogin(ticket(1), {
        client: script.client(clock),
        deadline: new Deadline(clock, undefined),
        output: silentOutput(),
      });

      expect(outcome).toMatchObject({ status: "completed", account });
    });

    it("returns an expired login so that the caller can start another", async () => {
      const clock = new FakeClock();
      const expired: LoginPoll = { state: { id: "L1", status: "expired" }, retryAfterSeconds: 1 };
      const script = scriptedClient([expired]);

      const outcome = await waitForLogin(ticket(1), {
        client: script.client(clock),
        deadline: new Deadline(clock, undefined),
        output: silentOutput(),
      });

      expect(outcome).toEqual({ id: "L1", status: "expired" });
    });

    it("throws LoginDeclinedError when the sign-in is declined", async () => {
      const clock = new FakeClock();
      const declined: LoginPoll = { state: { id: "L1", status: "declined" }, retryAfterSeconds: 1 };
      const script = scriptedClient([declined]);

      const waiting = waitForLogin(ticket(1), {
        client: script.client(clock),
        deadline: new Deadline(clock, undefined),
        output: silentOutput(),
      });

      await expect(waiting).rejects.toBeInstanceOf(LoginDeclinedError);
    });

    it("throws LoginFailedError with the broker's reason", async () => {
      const clock = new FakeClock();
      const failed: LoginPoll = {
        state: { id: "L1", status: "failed", reason: "AADSTS70000: invalid grant" },
        retryAfterSeconds: undefined,
      };
      const script = scriptedClient([failed]);

      const waiting = waitForLogin(ticket(1), {
        client: script.client(clock),
        deadline: new Deadline(clock, undefined),
        output: silentOutput(),
      });

      await expect(waiting).rejects.toThrow(new LoginFailedError("AADSTS70000: invalid grant"));
    });
  });

  describe("transient failures", () => {
    it("retries network errors and 5xx answers, never sooner than the poll interval", async () => {
      const clock = new FakeClock();
      const script = scriptedClient([
        new BrokerUnreachableError("http://127.0.0.1:7071", new Error("ECONNRESET")),
        new BrokerProblemError("Bad Gateway", 502),
        completed,
      ]);
      const output = silentOutput();

      const outcome = await waitForLogin(ticket(2), {
        client: script.client(clock),
        deadline: new Deadline(clock, undefined),
        output,
      });

      expect(outcome.status).toBe("completed");
      expect(clock.sleeps).toEqual([2000, 2000, 2000]);
      expect(output.errors).toHaveLength(2);
    });

    it("waits as long as a 503 answer's Retry-After asks", async () => {
      const clock = new FakeClock();
      const script = scriptedClient([new BrokerProblemError("Unavailable", 503, 30), completed]);

      await waitForLogin(ticket(2), {
        client: script.client(clock),
        deadline: new Deadline(clock, undefined),
        output: silentOutput(),
      });

      expect(clock.sleeps).toEqual([2000, 30_000]);
    });

    it("does not retry a 4xx answer", async () => {
      const clock = new FakeClock();
      const notFound = new BrokerProblemError("Not Found: no such login", 404);
      const script = scriptedClient([notFound]);

      const waiting = waitForLogin(ticket(1), {
        client: script.client(clock),
        deadline: new Deadline(clock, undefined),
        output: silentOutput(),
      });

      await expect(waiting).rejects.toBe(notFound);
    });
  });

  describe("deadline", () => {
    it("gives up without polling when the next poll would come after the deadline", async () => {
      const clock = new FakeClock();
      const start = clock.now();
      const script = scriptedClient([pending(4), pending(4), pending(4)]);

      const waiting = waitForLogin(ticket(4), {
        client: script.client(clock),
        deadline: new Deadline(clock, 10_000),
        output: silentOutput(),
      });

      await expect(waiting).rejects.toThrow(WaitTimedOutError);
      expect(script.polledAt.map((at) => at - start)).toEqual([4000, 8000]);
      expect(clock.now() - start).toBe(10_000);
    });
  });
});
