export * from "./npy";
export * from "./dataset-ladder";
export * from "./generate-dataset";
export * from "./read-dataset";
