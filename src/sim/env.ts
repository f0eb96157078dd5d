// The bindings of the simulator Worker (see src/sim/wrangler.toml).
import type { SimScriptObject } from "./sim-script-object";

export interface SimEnv {
  SIM_SCRIPTS: DurableObjectNamespace<SimScriptObject>;
}
