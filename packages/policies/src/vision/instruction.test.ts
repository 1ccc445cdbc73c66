import { describe, expect, it } from "vitest";
import { parseInstruction } from "./instruction";

describe("parseInstruction", () => {
  it.each([
    ["pick up the red cube", { kind: "pick-lift", object: { colour: "red", noun: "cube" } }],
    ["push the blue block onto the green target", { kind: "push", object: { colour: "blue", noun: "block" }, target: { colour: "green", noun: "target" } }],
    ["put the yellow cube on the plate", { kind: "place", object: { colour: "yellow", noun: "cube" }, target: { colour: "white", noun: "plate" } }],
    ["stack the green cube on the yellow cube", { kind: "stack", object: { colour: "green", noun: "cube" }, target: { colour: "yellow", noun: "cube" } }],
  ])("reads %j", (instruction, intent) => {
    expect(parseInstruction(instruction)).toEqual(intent);
  });

  it("gives unnamed targets their implied colour and ignores case and punctuation", () => {
    expect(parseInstruction("Push the Blue block to the target.").target).toEqual({ colour: "green", noun: "target" });
  });

  it("names the instruction when it has no known verb or colour", () => {
    expect(() => parseInstruction("wave at the camera")).toThrow(/"wave at the camera": expected one of the verbs/);
    expect(() => parseInstruction("pick up the cube")).toThrow(/no colour for "pick up the cube"/);
  });
});
