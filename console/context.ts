import type { BrokerApi } from "./api.js";
import type { Notices } from "./notices.js";

/** What every part of the console shares: the API, the message areas, and the failure path. */
export interface ConsoleContext {
  api: BrokerApi;
  notices: Notices;
  /** Shows a failure: asks for the key again after a 401, else says what went wrong. */
  report(error: unknown): void;
}
