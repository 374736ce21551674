import type { DirectoryTenant } from "./directory";
import type { ErrorContext } from "./entraErrors";

/** A token request after the parameters every grant needs have been checked. */
export interface TokenRequest {
  tenant: DirectoryTenant;
  clientId: string;
  form: URLSearchParams;
  errors: ErrorContext;
  /** `client_info=1`: the client wants `client_info` (uid, utid) in the answer. */
  includeClientInfo: boolean;
}

/** Client ids are GUIDs; Entra compares them without regard to case. */
export function sameClient(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
