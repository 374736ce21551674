import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { handle } from "../shared/http/handle";
import { jsonResponse } from "../shared/http/responses";
import { summarizeTenants } from "../shared/tenants/tenantOverview";

app.http("listTenants", {
  route: "tenants",
  methods: ["GET"],
  authLevel: "function",
  handler: handle(appServices(), async (_request, services) => {
    const tenants = await summarizeTenants(
      services.tenants.listNames(),
      services.accounts.listAll(),
    );
    return jsonResponse(200, { tenants });
  }),
});
