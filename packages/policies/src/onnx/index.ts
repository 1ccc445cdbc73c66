export { loadOnnxPolicy, OnnxPolicy, imageToTensor, type LoadOnnxPolicyOptions } from "./onnx-policy";
export { checkManifestAgainstGraph, onnxPolicyManifestSchema, parseOnnxPolicyManifest, type OnnxPolicyManifest } from "./manifest";
