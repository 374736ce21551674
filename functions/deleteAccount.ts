import { app } from "@azure/functions";
import { removeAccount } from "../shared/accounts/removeAccount";
import { appServices } from "../shared/app/appServices";
import { handle } from "../shared/http/handle";

app.http("deleteAccount", {
  route: "tenants/{tenant}/accounts/{homeAccountId}",
  methods: ["DELETE"],
  authLevel: "function",
  handler: handle(appServices(), async (request, services, log) => {
    const tenant = await services.tenants.resolve(request.params.tenant ?? "", log);
    await removeAccount(services, tenant.tenantId, request.params.homeAccountId ?? "", log);
    return { status: 204 };
  }),
});
