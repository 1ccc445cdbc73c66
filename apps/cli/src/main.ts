/**
 * The gauntlet command.
 *
 *   gauntlet rollout --scene scenes/pick-cube.json --policy oracle --episodes 5 --seed 0
 *   gauntlet evaluate evaluations/default.json --workers 2
 *   gauntlet start                # the default job: evaluations/default.json, report, served
 *   gauntlet bench                # simulator and renderer figures, printed and written as JSON
 *   gauntlet serve --dir runs/default
 *   gauntlet stress --config evaluations/stress-default.json --axes all --levels 0-3
 *   gauntlet worker --queue redis://127.0.0.1:6379 --database postgres://…   # runs queued episodes
 *   gauntlet arena --import runs/default   # blind pairwise judging + leaderboard at http://127.0.0.1:8788/
 *   gauntlet real2sim --rgb frame.png --depth depth.png --intrinsics k.json --out scenes/real/desk.json
 *   gauntlet dataset --out models/world-model/data --episodes 144   # world-model training data from the simulator
 *   gauntlet validate --config evaluations/validate.json --out runs/validate   # world model vs simulator
 */
import { arena } from "./commands/arena";
import { bench } from "./commands/bench";
import { dataset } from "./commands/dataset";
import { evaluate } from "./commands/evaluate";
import { real2sim } from "./commands/real2sim";
import { rollout } from "./commands/rollout";
import { serve } from "./commands/serve";
import { start } from "./commands/start";
import { stress } from "./commands/stress";
import { validate } from "./commands/validate";
import { worker } from "./commands/worker";

const COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = { rollout, evaluate, start, bench, serve, dataset, worker, stress, arena, real2sim, validate };

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  console.error(`usage: gauntlet <${Object.keys(COMMANDS).join("|")}> [options]`);
  process.exit(name ? 2 : 0);
}
try {
  await command(args);
} catch (err) {
  console.error(`gauntlet ${name}: ${(err as Error).message}`);
  process.exit(1);
}
