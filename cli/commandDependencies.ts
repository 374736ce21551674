import type { BrokerClient } from "./brokerClient";
import type { Clock } from "./clock";
import type { Output } from "./output";

/** What every command is given by `main`, and by tests in its place. */
export interface CommandDependencies {
  client: BrokerClient;
  clock: Clock;
  output: Output;
}
