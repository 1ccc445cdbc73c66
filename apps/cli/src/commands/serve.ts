import { parseArgs } from "node:util";
import express from "express";

/** Serves a run folder (index.html and videos) over HTTP until interrupted. */
export async function serveFolder(dir: string, port: number, index = "index.html"): Promise<void> {
  const app = express();
  app.use(express.static(dir, { index }));
  await new Promise<void>((resolve, reject) => {
    const server = app.listen(port, "127.0.0.1", () => {
      console.log(`serving ${dir} at http://127.0.0.1:${port}/ (report) and /index.html (all episodes); Ctrl-C to stop`);
      resolve();
    });
    server.on("error", (err) => reject(new Error(`cannot listen on port ${port}: ${err.message}; pass --port`)));
  });
}

/** `gauntlet serve [--dir runs/default] [--port 8787]` */
export async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { dir: { type: "string", default: "runs/default" }, port: { type: "string", default: "8787" } } });
  await serveFolder(values.dir, Number(values.port));
}
