import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { handle } from "../shared/http/handle";
import { jsonResponse, loginView } from "../shared/http/responses";

app.http("getLogin", {
  route: "tenants/{tenant}/logins/{id}",
  methods: ["GET"],
  authLevel: "function",
  handler: handle(appServices(), async (request, services, log) => {
    const tenant = await services.tenants.resolve(request.params.tenant ?? "", log);
    const { login, retryAfterSeconds } = await services.logins.poll(
      tenant,
      request.params.id ?? "",
      log,
    );

    const headers: Record<string, string> =
      retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) };
    return jsonResponse(200, loginView(login), headers);
  }),
});
