export { COLOURS, type ColourWindow, matchesColour, nearestColourWord } from "./colours";
export { type ObjectRef, parseInstruction, type SkillKind, type TaskIntent } from "./instruction";
export { locateObject, type LocateOptions, type Sighting } from "./locate";
export { makePinholeCamera, type PinholeCamera } from "./pinhole";
export { type Blob, segmentColour } from "./segment";
export { type VisionKnobs, visionOptionsFromScene } from "./vision-options";
export { type ObjectGeometry, VisionPolicy, type VisionPolicyOptions } from "./vision-policy";
