export * from "./validate-config";
export * from "./compare-backends";
export * from "./closed-loop";
export * from "./scatter-plot";
export * from "./validate-report";
export * from "./run-validate";
export * from "./bridge-episodes";
export * from "./validity-targets";
