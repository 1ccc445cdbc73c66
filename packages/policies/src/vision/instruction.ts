/**
 * Instruction parsing for the vision policy: which of the four tabletop skills is asked for,
 * and the colour and noun of the object to act on and of the target. Nouns whose colour goes
 * without saying ("the plate", "the target") get a default colour.
 */
import { COLOURS } from "./colours";

export type SkillKind = "pick-lift" | "push" | "place" | "stack";

/** An object as the instruction names it. */
export interface ObjectRef {
  /** A word of the colour vocabulary (COLOURS). */
  colour: string;
  noun: string;
}

/** What an instruction asks for. */
export interface TaskIntent {
  kind: SkillKind;
  object: ObjectRef;
  /** Where the object should end up; absent for pick-lift. */
  target?: ObjectRef;
}

/** Colours implied by a noun alone. */
const NOUN_COLOURS: Record<string, string> = { plate: "white", target: "green", disc: "green" };
const VERBS: [RegExp, SkillKind][] = [
  [/\bstack\b/, "stack"],
  [/\bpush\b/, "push"],
  [/\b(put|place|set)\b/, "place"],
  [/\b(pick|lift|grab|grasp)\b/, "pick-lift"],
];
const PREPOSITIONS = /\s(?:onto|on top of|on|to|into|in)\s/;

/** Parses an instruction such as "push the blue block onto the green target"; throws, quoting it, if it cannot. */
export function parseInstruction(instruction: string): TaskIntent {
  const text = instruction.toLowerCase().replace(/[^a-z ]+/g, " ").replace(/\s+/g, " ").trim();
  const kind = VERBS.find(([re]) => re.test(text))?.[1];
  if (!kind) throw new Error(`instruction "${instruction}": expected one of the verbs stack, push, put/place, pick up`);
  const [objectPhrase, targetPhrase] = kind === "pick-lift" ? [text, undefined] : text.split(PREPOSITIONS, 2);
  const object = parseRef(objectPhrase, instruction);
  if (kind === "pick-lift") return { kind, object };
  if (!targetPhrase) throw new Error(`instruction "${instruction}": expected a target after "on", "onto" or "to"`);
  return { kind, object, target: parseRef(targetPhrase, instruction) };
}

function parseRef(phrase: string, instruction: string): ObjectRef {
  const words = phrase.split(" ").filter((w) => w.length > 0 && w !== "up");
  const noun = words[words.length - 1] ?? "";
  const colour = words.find((w) => w in COLOURS) ?? NOUN_COLOURS[noun];
  if (!colour) {
    throw new Error(`instruction "${instruction}": no colour for "${phrase.trim()}" (known colours: ${Object.keys(COLOURS).join(", ")})`);
  }
  return { colour, noun };
}
