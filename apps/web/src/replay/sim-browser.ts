/**
 * The parts of the simulator the browser replay runs. `@gauntlet/sim`'s entry also loads the
 * Node renderer (Dawn, Vulkan), so the replay imports these modules directly; each of them
 * depends only on core, Rapier, three.js and the robot loader (see node-shims.ts).
 */
export { SimWorld } from "../../../../packages/sim/src/world/sim-world";
export { loadRapier } from "../../../../packages/sim/src/world/rapier";
export { makeTask } from "../../../../packages/sim/src/tasks";
export { SceneView, type ViewPoses } from "../../../../packages/sim/src/render/scene-view";
export { loadRobotDescription, type RobotDescription } from "../../../../packages/sim/src/robot";
