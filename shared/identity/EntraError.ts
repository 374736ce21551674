/** The error body Entra sends with a 4xx: RFC 6749 fields plus Entra's own. */
export interface EntraErrorBody {
  error?: string;
  error_description?: string;
  error_codes?: number[];
  suberror?: string;
  claims?: string;
  trace_id?: string;
  correlation_id?: string;
}

/**
 * An error answer from Entra, reduced to what is safe to keep: the OAuth error, the AADSTS code
 * and the ids that Microsoft support asks for. The description is not kept: it is free text
 * that the broker does not control.
 */
export class EntraError extends Error {
  readonly error: string;
  readonly aadsts: number | undefined;
  readonly suberror: string | undefined;
  readonly claims: string | undefined;
  readonly traceId: string | undefined;
  readonly correlationId: string | undefined;

  constructor(
    readonly status: number,
    body: EntraErrorBody,
  ) {
    const aadsts = body.error_codes?.[0] ?? parseAadsts(body.error_description);
    super(
      `Entra ID answered ${status} ${body.error ?? "error"}${aadsts ? ` (AADSTS${aadsts})` : ""}`,
    );
    this.name = "EntraError";
    this.error = typeof body.error === "string" ? body.error : "unknown_error";
    this.aadsts = aadsts;
    this.suberror = body.suberror;
    this.claims = body.claims;
    this.traceId = body.trace_id;
    this.correlationId = body.correlation_id;
  }
}

function parseAadsts(description: string | undefined): number | undefined {
  const match = /^AADSTS(\d+)/.exec(description ?? "");
  return match ? Number(match[1]) : undefined;
}
