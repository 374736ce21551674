import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { handle } from "../shared/http/handle";
import { readJsonBody } from "../shared/http/readJsonBody";
import { readOptionalString, readScopes, refuseUnknownFields } from "../shared/http/requestFields";
import { jsonResponse, loginView, pendingLoginResponse } from "../shared/http/responses";
import { BrokerError } from "../shared/http/BrokerError";

app.http("acquireToken", {
  route: "tenants/{tenant}/token",
  methods: ["POST"],
  authLevel: "function",
  handler: handle(appServices(), async (request, services, log) => {
    const body = await readJsonBody(request);
    refuseUnknownFields(body, ["scopes", "account"]);
    const scopes = readScopes(body);
    if (!scopes) {
      throw new BrokerError("invalid_request", "Field 'scopes' is required.");
    }
    const account = readOptionalString(body, "account");

    const tenant = await services.tenants.resolve(request.params.tenant ?? "", log);
    const answer = await services.tokens.acquire(
      tenant,
      account === undefined ? { scopes } : { scopes, account },
      log,
    );

    if (answer.kind === "login_required") {
      const { reason, login } = answer;
      const body = { status: "login_required", reason, login: loginView(login) };
      return pendingLoginResponse(request, `logins/${login.id}`, login, body);
    }
    const { accessToken, expiresOn, account: owner } = answer;
    return jsonResponse(200, {
      accessToken,
      tokenType: "Bearer",
      expiresOn,
      scopes: answer.scopes,
      account: owner,
    });
  }),
});
