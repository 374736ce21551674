import { pollUntilDone, type RunningHost, type Stack } from "../tools/local-stack/stack";

/**
 * Signs one account in the way a job's operator would: starts a login through the API, approves
 * its user code in the emulator, and polls the login until it completes.
 */
export async function signIn(
  stack: Stack,
  host: RunningHost,
  tenant: string,
  username: string,
  scopes: string[],
): Promise<void> {
  const started = await stack.api(host, `/api/tenants/${tenant}/logins`, {
    method: "POST",
    body: { scopes },
  });
  const userCode = (started.json as { userCode?: unknown } | undefined)?.userCode;
  if (started.status !== 202 || typeof userCode !== "string" || !started.headers.location) {
    throw new Error(`The login did not start: ${started.status} ${started.text}`);
  }

  await stack.decide(userCode, username, "approve");

  const done = await pollUntilDone(stack, host, started.headers.location);
  const status = (done.json as { status?: unknown } | undefined)?.status;
  if (status !== "completed") {
    throw new Error(`The login ended ${String(status)} (${done.status}).`);
  }
}
