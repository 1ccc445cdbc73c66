export { TEST_TARGET, type TestServerMode, testChunk } from "./test-chunk";
export { type OpenPiTestCall, type OpenPiTestServer, type OpenPiTestServerOptions, startOpenPiTestServer } from "./openpi-test-server";
export { type HttpTestCall, type HttpTestServer, type HttpTestServerMode, type HttpTestServerOptions, startHttpTestServer } from "./http-test-server";
