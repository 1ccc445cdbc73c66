/** Test helpers: synthetic evaluation runs. Throwaway PostgreSQL comes from `@gauntlet/rollout/queue/local-servers`. */
export { type RunSpec, tinyMp4, writeRun } from "../src/synthetic-run";
