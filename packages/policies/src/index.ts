export { RandomPolicy } from "./random-policy";
export * from "./onnx";
export { NdArray, type NumberArray, type NumericTypedArray } from "./remote/nd-array";
export { decodeMsgpackNumpy, encodeMsgpackNumpy } from "./remote/msgpack-numpy";
export { checkOpenPiKeys, LIBERO_OPENPI_KEYS, type OpenPiKeyMap, type OpenPiKeySource, rgbaToRgb, toOpenPiObservation } from "./remote/openpi-keys";
export { OpenPiPolicy, type OpenPiPolicyOptions } from "./remote/openpi-policy";
export { type HttpActRequest, type HttpImage, HttpPolicy, type HttpPolicyOptions, type HttpResetRequest } from "./remote/http-policy";
export type { BackoffOptions } from "./remote/backoff";
export { benchRemoteOverhead, type RemoteOverhead } from "./remote/bench-remote";
