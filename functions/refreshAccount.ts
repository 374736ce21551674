import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { handle } from "../shared/http/handle";
import { jsonResponse } from "../shared/http/responses";
import { refreshOneAccount } from "../shared/refresh/refreshOneAccount";

app.http("refreshAccount", {
  route: "tenants/{tenant}/accounts/{homeAccountId}/refresh",
  methods: ["POST"],
  authLevel: "function",
  handler: handle(appServices(), async (request, services, log) => {
    const tenant = await services.tenants.resolve(request.params.tenant ?? "", log);
    const account = await refreshOneAccount(
      services.refresh,
      tenant,
      request.params.homeAccountId ?? "",
      log,
    );
    return jsonResponse(200, account);
  }),
});
