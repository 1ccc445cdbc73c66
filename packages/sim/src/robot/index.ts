/** Public API of the robot model: description loading, kinematics and IK. */
export {
  loadRobotDescription,
  parseRobotDescription,
  ROBOTS_DIR,
  type RobotDescription,
  type RobotJoint,
  type RobotOrigin,
  type RobotShape,
} from "./description";
export {
  compileChain,
  eePose,
  fkInto,
  forwardKinematics,
  type KinematicChain,
  matToQuat,
  originToTransform,
  quatToMat,
  toChain,
} from "./kinematics";
export { type IkOptions, type IkResult, solveIk } from "./ik";
