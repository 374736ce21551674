import type { InvocationContext } from "@azure/functions";
import { registeredHooks, type FunctionCallback } from "./functionsCore";

/** Shared by every app-level hook of one host, like the worker's app hook data. */
export type AppHookData = Record<string, unknown>;

/** Runs the `appStart` or `appTerminate` hooks in registration order; the first failure throws. */
export async function runAppHooks(
  hookName: "appStart" | "appTerminate",
  hookData: AppHookData,
): Promise<void> {
  for (const hook of registeredHooks(hookName)) {
    await hook({ hookData });
  }
}

/**
 * Calls a handler between the `preInvocation` and `postInvocation` hooks, as the worker does:
 * pre hooks may replace the inputs and the handler, post hooks see the result or the error and
 * may replace either. Both share one `hookData` object per invocation.
 */
export async function invokeWithHooks(
  handler: FunctionCallback,
  inputs: unknown[],
  invocationContext: InvocationContext,
): Promise<unknown> {
  const hookData: Record<string, unknown> = {};
  const pre: Record<string, unknown> = {
    hookData,
    invocationContext,
    inputs,
    functionCallback: handler,
  };
  for (const hook of registeredHooks("preInvocation")) {
    await hook(pre);
  }

  const callback = pre["functionCallback"] as FunctionCallback;
  const finalInputs = pre["inputs"] as unknown[];
  const post: Record<string, unknown> = { hookData, invocationContext, inputs: finalInputs };
  try {
    post["result"] = await callback(...finalInputs, invocationContext);
  } catch (error) {
    post["error"] = error;
  }

  for (const hook of registeredHooks("postInvocation")) {
    await hook(post);
  }
  if (post["error"] !== undefined && post["error"] !== null) {
    throw post["error"];
  }
  return post["result"];
}
