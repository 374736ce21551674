import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { handle } from "../shared/http/handle";
import { readJsonBody } from "../shared/http/readJsonBody";
import { readOptionalString, refuseUnknownFields } from "../shared/http/requestFields";
import { jsonResponse } from "../shared/http/responses";
import { takeSnapshot } from "../shared/snapshots/takeSnapshot";

app.http("createSnapshot", {
  route: "tenants/{tenant}/cache/snapshots",
  methods: ["POST"],
  authLevel: "function",
  handler: handle(appServices(), async (request, services, log) => {
    const body = await readJsonBody(request);
    refuseUnknownFields(body, ["label"]);
    const label = readOptionalString(body, "label");

    const tenant = await services.tenants.resolve(request.params.tenant ?? "", log);
    const { snapshot, created } = await takeSnapshot(
      services.snapshots,
      tenant.tenantId,
      label,
      log,
    );

    // 201 for a new snapshot; 200 for the one a call with the same label took within a minute.
    return jsonResponse(created ? 201 : 200, snapshot);
  }),
});
