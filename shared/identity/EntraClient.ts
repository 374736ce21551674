import type { INetworkModule, NetworkResponse } from "@azure/msal-node";
import { BrokerError } from "../http/BrokerError";
import { EntraError, type EntraErrorBody } from "./EntraError";
import { asTokenResponse, type TokenResponse } from "./tokenResponse";

/** The OpenID configuration of a tenant, as `/.well-known/openid-configuration` returns it. */
export interface OpenIdConfiguration {
  issuer: string;
  token_endpoint: string;
  authorization_endpoint: string;
  [field: string]: unknown;
}

/** The answer to a device authorization request (RFC 8628 3.2, as Entra shapes it). */
export interface DeviceCodeGrant {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  expiresIn: number;
  interval: number;
  message: string;
}

// MSAL adds these to every user sign-in; the broker must ask for a refresh token (offline_access).
const SIGN_IN_SCOPES = ["openid", "profile", "offline_access"];
const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/**
 * The calls to Entra ID that MSAL cannot make for a serverless broker: tenant discovery, and the
 * device-code grant one request at a time (MSAL's own device-code call loops in-process until
 * the user signs in, which a function instance that may be frozen after answering cannot do).
 */
export class EntraClient {
  constructor(
    private readonly authorityHost: string,
    private readonly clientId: string,
    private readonly transport: INetworkModule,
  ) {}

  /**
   * Finds a tenant by GUID or verified domain. Undefined when Entra does not know it
   * (AADSTS90002), so that the caller can answer 404.
   */
  async discoverTenant(tenant: string): Promise<OpenIdConfiguration | undefined> {
    const url = `${this.authorityHost}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
    const response = await this.call(() => this.transport.sendGetRequestAsync<unknown>(url));
    if (response.status === 400 || response.status === 404) {
      return undefined;
    }
    const body = this.expectSuccess(response) as Partial<OpenIdConfiguration>;
    if (typeof body.issuer !== "string" || typeof body.token_endpoint !== "string") {
      throw unavailable("Entra ID sent an OpenID configuration without issuer or token endpoint.");
    }
    return body as OpenIdConfiguration;
  }

  /** Starts a device-code sign-in: one request to the tenant's `devicecode` endpoint. */
  async requestDeviceCode(
    configuration: OpenIdConfiguration,
    scopes: readonly string[],
    claims?: string,
  ): Promise<DeviceCodeGrant> {
    // Entra derives the device authorization endpoint from the token endpoint's path, as MSAL does.
    const url = configuration.token_endpoint.replace(/\/token$/, "/devicecode");
    const form = new URLSearchParams({
      client_id: this.clientId,
      scope: withSignInScopes(scopes).join(" "),
    });
    if (claims) {
      form.set("claims", claims);
    }
    const body = this.expectSuccess(await this.post(url, form)) as Record<string, unknown>;

    const grant = {
      deviceCode: body.device_code,
      userCode: body.user_code,
      verificationUri: body.verification_uri,
      expiresIn: Number(body.expires_in),
      interval: Number(body.interval ?? 5),
      message: body.message,
    };
    if (
      typeof grant.deviceCode !== "string" ||
      typeof grant.userCode !== "string" ||
      typeof grant.verificationUri !== "string" ||
      !(grant.expiresIn > 0) ||
      !(grant.interval > 0)
    ) {
      throw unavailable("Entra ID sent an incomplete device code answer.");
    }
    const message =
      typeof grant.message === "string"
        ? grant.message
        : `To sign in, use a web browser to open the page ${grant.verificationUri} and enter the code ${grant.userCode} to authenticate.`;
    return { ...(grant as DeviceCodeGrant), message };
  }

  /**
   * One token request for a device code (RFC 8628 3.4). Resolves with the tokens once the user
   * has signed in; rejects with {@link EntraError} for `authorization_pending`, `slow_down` and
   * the final errors, and with a 503 {@link BrokerError} when Entra cannot be reached.
   */
  async redeemDeviceCode(
    configuration: OpenIdConfiguration,
    deviceCode: string,
  ): Promise<TokenResponse> {
    const form = new URLSearchParams({
      grant_type: DEVICE_CODE_GRANT,
      client_id: this.clientId,
      device_code: deviceCode,
      client_info: "1",
    });
    const body = this.expectSuccess(await this.post(configuration.token_endpoint, form));
    const tokens = asTokenResponse(body);
    if (!tokens) {
      throw unavailable("Entra ID sent a token answer without an access token.");
    }
    return tokens;
  }

  private post(url: string, form: URLSearchParams): Promise<NetworkResponse<unknown>> {
    return this.call(() =>
      this.transport.sendPostRequestAsync<unknown>(url, {
        headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" },
        body: form.toString(),
      }),
    );
  }

  private async call(
    send: () => Promise<NetworkResponse<unknown>>,
  ): Promise<NetworkResponse<unknown>> {
    try {
      return await send();
    } catch (cause) {
      throw unavailable("Entra ID could not be reached.", cause);
    }
  }

  private expectSuccess(response: NetworkResponse<unknown>): unknown {
    if (response.status >= 200 && response.status < 300) {
      return response.body;
    }
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers["retry-after"]);
      throw new BrokerError(
        "identity_provider_unavailable",
        `Entra ID answered ${response.status}; try again later.`,
        Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {},
      );
    }
    throw new EntraError(response.status, (response.body ?? {}) as EntraErrorBody);
  }
}

/** The scopes a sign-in asks for: the caller's plus those that give an id and refresh token. */
export function withSignInScopes(scopes: readonly string[]): string[] {
  return [...new Set([...scopes, ...SIGN_IN_SCOPES])];
}

function unavailable(detail: string, cause?: unknown): BrokerError {
  return new BrokerError(
    "identity_provider_unavailable",
    detail,
    cause === undefined ? { retryAfterSeconds: 5 } : { cause, retryAfterSeconds: 5 },
  );
}
