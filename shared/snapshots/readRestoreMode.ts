import { BrokerError } from "../http/BrokerError";
import { RESTORE_MODES, type RestoreMode } from "./restoreChange";

/**
 * Reads a restore mode; left out, it is `merge`, which never drops an account. `where` names
 * the field or query parameter in the error.
 */
export function readRestoreMode(value: unknown, where: string): RestoreMode {
  if (value === undefined) {
    return "merge";
  }
  const mode = RESTORE_MODES.find((known) => known === value);
  if (!mode) {
    throw new BrokerError("invalid_request", `${where} must be 'replace' or 'merge'.`);
  }
  return mode;
}
