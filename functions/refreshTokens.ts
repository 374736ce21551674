import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { brokerLog } from "../shared/log/BrokerLog";

const services = appServices();

app.timer("refreshTokens", {
  schedule: services.settings.refresh.schedule,
  runOnStartup: false,
  handler: async (_timer, context) => {
    await services.storage.ensureCreated();
    await services.refreshSweep.run(brokerLog(context));
  },
});
