/** The fields of a successful Entra token answer that the broker uses. */
export interface TokenResponse {
  token_type?: string;
  scope?: string;
  expires_in: number;
  ext_expires_in?: number;
  refresh_in?: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
  foci?: string;
}

/** The id token claims the broker reads to name an account. */
export interface IdTokenClaims {
  tid?: string;
  oid?: string;
  sub?: string;
  preferred_username?: string;
  upn?: string;
  name?: string;
}

/** Checks the shape of a token answer; undefined when a required field is missing. */
export function asTokenResponse(body: unknown): TokenResponse | undefined {
  if (typeof body !== "object" || body === null) {
    return undefined;
  }
  const candidate = body as Partial<Record<keyof TokenResponse, unknown>>;
  const expiresIn = Number(candidate.expires_in);
  if (typeof candidate.access_token !== "string" || !Number.isFinite(expiresIn)) {
    return undefined;
  }
  return { ...(body as TokenResponse), expires_in: expiresIn };
}

/**
 * Reads the payload of a JWT without checking its signature. This is enough for an id token
 * received straight from the token endpoint over TLS (OpenID Connect Core 3.1.3.7 allows the
 * TLS server check in place of the signature check), and it is what MSAL does itself.
 */
export function readJwtClaims(jwt: string): IdTokenClaims {
  const payload = jwt.split(".")[1];
  if (!payload) {
    return {};
  }
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as IdTokenClaims;
  } catch {
    return {};
  }
}

/** Decodes `client_info`: the user's object id and home tenant id. */
export function readClientInfo(clientInfo: string | undefined): { uid: string; utid: string } {
  try {
    const parsed = JSON.parse(Buffer.from(clientInfo ?? "", "base64url").toString("utf8")) as {
      uid?: unknown;
      utid?: unknown;
    };
    if (typeof parsed.uid === "string" && typeof parsed.utid === "string") {
      return { uid: parsed.uid, utid: parsed.utid };
    }
  } catch {
    // fall through to the error below
  }
  throw new Error("The token answer has no usable client_info.");
}
