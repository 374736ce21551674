import type { HttpResponseInit } from "@azure/functions";
import { BrokerError } from "./BrokerError";

/** The body of an RFC 9457 problem answer. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

/** Turns a failure into an `application/problem+json` answer. */
export function problemResponse(error: BrokerError): HttpResponseInit {
  const problem: Problem = {
    type: `urn:m365-token-broker:problem:${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.detail,
  };
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (error.retryAfterSeconds !== undefined) {
    headers["retry-after"] = String(error.retryAfterSeconds);
  }
  return { status: error.status, headers, body: JSON.stringify(problem) };
}
