/**
 * The failures the service reports, each with its HTTP status and a title. The edge turns a
 * {@link BrokerError} into a problem answer; the domain never builds HTTP answers itself.
 */
export const failures = {
  invalid_request: { status: 400, title: "The request is not valid" },
  invalid_tenant: { status: 400, title: "The tenant is neither a GUID nor a domain name" },
  account_required: { status: 400, title: "Several accounts are signed in; name one" },
  unauthorized: { status: 401, title: "A valid function key is required" },
  tenant_not_found: { status: 404, title: "Microsoft Entra ID does not know this tenant" },
  login_not_found: { status: 404, title: "No such login for this tenant" },
  account_not_found: { status: 404, title: "No such account for this tenant" },
  snapshot_not_found: { status: 404, title: "No such snapshot of the tenant's token cache" },
  token_cache_missing: { status: 409, title: "The tenant has no token cache yet" },
  payload_too_large: { status: 413, title: "The request body is too large" },
  backup_unreadable: { status: 422, title: "The backup cannot be read" },
  backup_key_unknown: { status: 422, title: "The backup is sealed with a key not in the key ring" },
  backup_wrong_tenant: { status: 422, title: "The backup belongs to another tenant" },
  backup_wrong_client: { status: 422, title: "The backup belongs to another application" },
  not_a_token_cache: { status: 422, title: "The file is not a token cache" },
  nothing_to_import: { status: 422, title: "The file holds no account of this tenant and app" },
  token_cache_unreadable: { status: 503, title: "The tenant's token cache cannot be read" },
  identity_provider_unavailable: {
    status: 503,
    title: "Microsoft Entra ID cannot be reached right now",
  },
  storage_unavailable: { status: 503, title: "Storage cannot be reached right now" },
  internal: { status: 500, title: "Something went wrong in the service" },
} as const;

export type FailureCode = keyof typeof failures;

/** A failure with a stable code and a detail that is safe to show to the caller. */
export class BrokerError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: FailureCode,
    readonly detail: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(detail, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "BrokerError";
    this.status = failures[code].status;
    this.title = failures[code].title;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  readonly retryAfterSeconds: number | undefined;

  /** True when the caller caused it; only the others are worth an alert. */
  get isCallerMistake(): boolean {
    return this.status < 500;
  }
}
