export * from "./geometry";
export * from "./rng";
export * from "./spaces";
export * from "./env";
export * from "./policy";
export * from "./scene";
export * from "./episode";
export * from "./check-env";
