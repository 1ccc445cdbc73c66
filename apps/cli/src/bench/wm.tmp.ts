import { worldModelSection } from "./world-model";
await worldModelSection.run((f) => console.log(`${f.figure}: ${f.value.toFixed(2)} ${f.unit}${f.target ? ` (target ${f.target})` : ""}`));
