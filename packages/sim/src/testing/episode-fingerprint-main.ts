// Prints episodeFingerprint(scene, seed) as JSON, for the cross-process determinism test.
import { episodeFingerprint } from "./episode-fingerprint";

const [scene, seed] = process.argv.slice(2);
console.log(JSON.stringify(await episodeFingerprint(scene, Number(seed))));
process.exit(0);
