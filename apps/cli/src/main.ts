/**
 * The gauntlet command.
 *
 *   gauntlet rollout --scene scenes/pick-cube.json --policy oracle --episodes 5 --seed 0
 *   gauntlet evaluate evaluations/default.json --workers 2
 *   gauntlet start                # the default job: evaluations/default.json, report, served
 *   gauntlet bench                # simulator and renderer figures, printed and written as JSON
 *   gauntlet serve --dir runs/default
 */
import { bench } from "./commands/bench";
import { evaluate } from "./commands/evaluate";
import { rollout } from "./commands/rollout";
import { serve } from "./commands/serve";
import { start } from "./commands/start";

const COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = { rollout, evaluate, start, bench, serve };

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
