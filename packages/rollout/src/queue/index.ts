export * from "./bench-queue";
export * from "./connect";
export * from "./queue-status";
export * from "./queue-worker";
export * from "./queued-job";
export * from "./result-store";
export * from "./run-queued-evaluation";
