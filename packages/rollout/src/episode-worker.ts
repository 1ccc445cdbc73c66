import { parentPort } from "node:worker_threads";
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { EpisodeRunner } from "./episode-runner";

if (!parentPort) throw new Error("episode-worker must run in a worker thread");
Comlink.expose(new EpisodeRunner(), nodeEndpoint(parentPort));
