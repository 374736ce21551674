import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { BrokerError } from "../shared/http/BrokerError";
import { handle } from "../shared/http/handle";
import { readJsonBody } from "../shared/http/readJsonBody";
import { readOptionalString, refuseUnknownFields } from "../shared/http/requestFields";
import { jsonResponse } from "../shared/http/responses";
import { readRestoreMode } from "../shared/snapshots/readRestoreMode";
import { restoreSnapshot } from "../shared/snapshots/restoreSnapshot";

app.http("restoreCache", {
  route: "tenants/{tenant}/cache/restore",
  methods: ["POST"],
  authLevel: "function",
  handler: handle(appServices(), async (request, services, log) => {
    const body = await readJsonBody(request);
    refuseUnknownFields(body, ["snapshot", "mode"]);
    const snapshot = readOptionalString(body, "snapshot");
    if (snapshot === undefined) {
      throw new BrokerError("invalid_request", "Field 'snapshot' is required.");
    }
    const mode = readRestoreMode(body.mode, "Field 'mode'");

    const tenant = await services.tenants.resolve(request.params.tenant ?? "", log);
    const report = await restoreSnapshot(services.snapshots, tenant.tenantId, snapshot, mode, log);
    return jsonResponse(200, report);
  }),
});
