export { makeSimEnv, SimEnv, type SimEnvOptions, STATE_NAMES } from "./sim-env";
export { loadScene } from "./load-scene";
export { makeTask, type SimState, type Task, type TaskVerdict } from "./tasks";
export { initializeEpisode } from "./tasks/initialize-episode";
export { OraclePolicy, type OracleOptions, type PrivilegedSource } from "./oracles/oracle-policy";
export { SimWorld, WORKSPACE } from "./world/sim-world";
export { loadRapier } from "./world/rapier";
export { benchEnvSteps, benchOracleSuccess, benchPhysicsSteps } from "./bench/bench-sim";
