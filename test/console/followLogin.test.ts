import { ApiError, type Answer } from "../../console/api";
import { followLogin } from "../../console/followLogin";
import type { Login } from "../../console/types";

const START = Date.parse("2026-03-10T12:00:00Z");

function login(status: Login["status"], interval = 5): Login {
  const expiresOn = new Date(START + 15 * 60_000).toISOString();
  return { id: "l1", status, scopes: ["Group.Read.All"], interval, expiresOn };
}

function answer(body: Login, retryAfterSeconds?: number): Answer<Login> {
  return { body, retryAfterSeconds };
}

describe("following a login", () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: START });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it("polls after each Retry-After and ends with the login once it leaves pending", async () => {
    const poll = jest
      .fn()
      .mockResolvedValueOnce(answer(login("pending"), 7))
      .mockResolvedValueOnce(answer(login("completed")));
    const ended = followLogin(login("pending"), {
      poll,
      signal: new AbortController().signal,
      firstWaitSeconds: 3,
      onTrouble: () => {},
    });

    await jest.advanceTimersByTimeAsync(2_999);
    expect(poll).toHaveBeenCalledTimes(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(poll).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(6_999);
    expect(poll).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);

    await expect(ended).resolves.toMatchObject({ status: "completed" });
  });

  it("keeps polling while the service is out of reach, and says so", async () => {
    const trouble: boolean[] = [];
    const poll = jest
      .fn()
      .mockRejectedValueOnce(new ApiError({ kind: "unreachable" }))
      .mockResolvedValueOnce(answer(login("declined")));
    const ended = followLogin(login("pending"), {
      poll,
      signal: new AbortController().signal,
      firstWaitSeconds: 1,
      onTrouble: (now) => trouble.push(now),
    });

    await jest.advanceTimersByTimeAsync(6_000);

    await expect(ended).resolves.toMatchObject({ status: "declined" });
    expect(trouble).toEqual([true, false]);
  });

  it("stops with the error when the service refuses the poll", async () => {
    const refused = new ApiError({
      kind: "problem",
      status: 404,
      code: "login_not_found",
      title: "No such login for this tenant",
      detail: "",
    });
    const ended = followLogin(login("pending"), {
      poll: jest.fn().mockRejectedValue(refused),
      signal: new AbortController().signal,
      firstWaitSeconds: 1,
      onTrouble: () => {},
    });
    const outcome = expect(ended).rejects.toBe(refused);

    await jest.advanceTimersByTimeAsync(1_000);
    await outcome;
  });

  it("takes a login still pending a minute after its code expired as expired", async () => {
    const ended = followLogin(login("pending"), {
      poll: jest.fn().mockResolvedValue(answer(login("pending"), 30)),
      signal: new AbortController().signal,
      firstWaitSeconds: 30,
      onTrouble: () => {},
    });

    await jest.advanceTimersByTimeAsync(17 * 60_000);

    await expect(ended).resolves.toMatchObject({ status: "expired" });
  });

  it("stops polling when the dialog is closed", async () => {
    const poll = jest.fn();
    const closed = new AbortController();
    const ended = followLogin(login("pending"), {
      poll,
      signal: closed.signal,
      firstWaitSeconds: 5,
      onTrouble: () => {},
    });
    const outcome = expect(ended).rejects.toBeDefined();

    closed.abort();
    await jest.advanceTimersByTimeAsync(60_000);

    await outcome;
    expect(poll).not.toHaveBeenCalled();
  });
});
