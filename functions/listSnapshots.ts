import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { handle } from "../shared/http/handle";
import { jsonResponse } from "../shared/http/responses";

app.http("listSnapshots", {
  route: "tenants/{tenant}/cache/snapshots",
  methods: ["GET"],
  authLevel: "function",
  handler: handle(appServices(), async (request, services, log) => {
    const tenant = await services.tenants.resolve(request.params.tenant ?? "", log);
    const snapshots = await services.snapshots.snapshots.list(tenant.tenantId);
    return jsonResponse(200, { tenantId: tenant.tenantId, snapshots });
  }),
});
