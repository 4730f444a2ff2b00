/** The simulated apiserver's HTTP layer: see server.ts for how to start it. */
export { createSimApiServer, defaultWatchSettings, type SimApiServer, type SimApiServerOptions } from './server';
export { SimFaults, type FaultCounters } from './faults';
export type { WatchSettings } from './watch-stream';
