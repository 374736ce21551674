import { app } from "@azure/functions";
import { appServices } from "../shared/app/appServices";
import { brokerLog } from "../shared/log/BrokerLog";
import { pruneSnapshots } from "../shared/snapshots/pruneSnapshots";

const services = appServices();

app.timer("pruneSnapshots", {
  schedule: services.settings.snapshots.pruneSchedule,
  runOnStartup: false,
  handler: async (_timer, context) => {
    await services.storage.ensureCreated();
    await pruneSnapshots(services.snapshots, brokerLog(context));
  },
});
