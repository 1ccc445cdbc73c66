export * from "./video";
export * from "./run-episode";
export * from "./episode-store";
export * from "./progress";
export * from "./policy-spec";
export * from "./run-rollouts";
export * from "./run-index";
