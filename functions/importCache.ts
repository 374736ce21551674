import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { handle } from "../shared/http/handle";
import { jsonResponse } from "../shared/http/responses";
import { importCache } from "../shared/snapshots/importCache";
import { readImportBody } from "../shared/snapshots/readImportBody";
import { readRestoreMode } from "../shared/snapshots/readRestoreMode";

app.http("importCache", {
  route: "tenants/{tenant}/cache/import",
  methods: ["PUT"],
  authLevel: "function",
  handler: handle(appServices(), async (request, services, log) => {
    const mode = readRestoreMode(request.query.get("mode") ?? undefined, "Query parameter 'mode'");
    const limit = services.settings.snapshots.importMaxBytes;
    const file = await readImportBody(request, limit);

    const tenant = await services.tenants.resolve(request.params.tenant ?? "", log);
    const report = await importCache(services.snapshots, tenant.tenantId, file, mode, log);
    return jsonResponse(200, report);
  }),
});
