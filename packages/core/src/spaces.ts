/**
 * Action specs: the layout, units and limits a policy's actions must follow.
 * The default is 7-D end-effector delta control, the Bridge and DROID convention.
 */
export interface ActionDimension {
  name: string;
  unit: string;
  low: number;
  high: number;
}

export interface ActionSpec {
  /** What the vector means, e.g. "ee-delta". */
  kind: string;
  dims: ActionDimension[];
  /** Out-of-range components are clipped to [low, high]; non-finite ones are an error. */
  outOfRange: "clip";
}

/** [dx, dy, dz, droll, dpitch, dyaw, gripper]: metres and radians per control step in the world frame, gripper 1 = open, 0 = closed. */
export const EE_DELTA_ACTION_SPEC: ActionSpec = {
  kind: "ee-delta",
  dims: [
    { name: "dx", unit: "m", low: -0.05, high: 0.05 },
    { name: "dy", unit: "m", low: -0.05, high: 0.05 },
    { name: "dz", unit: "m", low: -0.05, high: 0.05 },
    { name: "droll", unit: "rad", low: -0.25, high: 0.25 },
    { name: "dpitch", unit: "rad", low: -0.25, high: 0.25 },
    { name: "dyaw", unit: "rad", low: -0.25, high: 0.25 },
    { name: "gripper", unit: "1=open,0=closed", low: 0, high: 1 },
  ],
  outOfRange: "clip",
};

export type Action = Float32Array | number[];

/**
 * Checks an action against its spec and returns a clipped copy.
 * Throws, naming the component, on a wrong length or a non-finite value: such an action
 * must never reach the physics.
 */
export function validateAction(action: ArrayLike<number>, spec: ActionSpec): Float32Array {
  if (action == null || typeof action.length !== "number") {
    throw new Error(`action: expected an array of ${spec.dims.length} numbers, got ${String(action)}`);
  }
  if (action.length !== spec.dims.length) {
    const names = spec.dims.map((d) => d.name).join(", ");
    throw new Error(`action: expected ${spec.dims.length} numbers [${names}], got ${action.length}`);
  }
  const out = new Float32Array(spec.dims.length);
  for (let i = 0; i < spec.dims.length; i++) {
    const dim = spec.dims[i];
    const v = action[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`action[${i}] (${dim.name}): expected a finite number, got ${String(v)}`);
    }
    out[i] = Math.min(dim.high, Math.max(dim.low, v));
  }
  return out;
}
