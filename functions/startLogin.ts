import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { handle } from "../shared/http/handle";
import { readJsonBody } from "../shared/http/readJsonBody";
import { readScopes, refuseUnknownFields } from "../shared/http/requestFields";
import { loginView, pendingLoginResponse } from "../shared/http/responses";

app.http("startLogin", {
  route: "tenants/{tenant}/logins",
  methods: ["POST"],
  authLevel: "function",
  handler: handle(appServices(), async (request, services, log) => {
    const body = await readJsonBody(request);
    refuseUnknownFields(body, ["scopes"]);
    const scopes = readScopes(body) ?? services.settings.defaultScopes;

    const tenant = await services.tenants.resolve(request.params.tenant ?? "", log);
    const login = await services.logins.start(tenant, scopes, log);

    const location = `${request.url.replace(/\/$/, "")}/${login.id}`;
    return pendingLoginResponse(request, location, login, loginView(login));
  }),
});
