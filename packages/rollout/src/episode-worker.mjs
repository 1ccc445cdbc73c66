// Worker-thread entry: .ts cannot be a worker entry even under tsx, so register tsx here first.
import { register } from "tsx/esm/api";

register();
await import("./episode-worker.ts");
