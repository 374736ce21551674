import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { handle } from "../shared/http/handle";
import { jsonResponse } from "../shared/http/responses";

app.http("listAccounts", {
  route: "tenants/{tenant}/accounts",
  methods: ["GET"],
  authLevel: "function",
  handler: handle(appServices(), async (request, services, log) => {
    const tenant = await services.tenants.resolve(request.params.tenant ?? "", log);
    const accounts = await services.accounts.list(tenant.tenantId);
    return jsonResponse(200, { tenantId: tenant.tenantId, accounts });
  }),
});
