/**
 * Text from the tenant, the stack or the command line, made safe to show: terminal controls (C0 but
 * tab and line feed, DEL, C1, so every ESC/CSI/OSC sequence), bidi marks, embeddings, overrides and
 * isolates, and the Unicode line and paragraph separators are shown as `\uXXXX`. In a JSON document
 * that is the JSON escape of the same character, so a program reading the JSON gets the value back
 * unchanged while a terminal never receives the character; in text it is visible, never obeyed.
 */
import { HOSTILE_OUTSIDE_C0 } from "../components/text";

// The hostile characters components/text.ts refuses in config values, plus the bidi marks.
const BIDI_MARKS = "\\u061c\\u200e\\u200f";
const UNSAFE_IN_OUTPUT = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${HOSTILE_OUTSIDE_C0}${BIDI_MARKS}]`, "g");
/** In one value, a line break or a tab is unsafe too: it could start a line that looks like the report's own. */
const UNSAFE_IN_A_VALUE = new RegExp(`[\\u0000-\\u001f${HOSTILE_OUTSIDE_C0}${BIDI_MARKS}]`, "g");

const escaped = (character: string) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Everything written to stdout or stderr passes through this: the command's own line breaks survive. */
export function safeOutput(text: string): string {
  return text.replace(UNSAFE_IN_OUTPUT, escaped);
}

/** One value shown within a line of text. */
export function safeValue(text: string): string {
  return text.replace(UNSAFE_IN_A_VALUE, escaped);
}

/** A copy of a report with every string in it made a safe value, for a text renderer. */
export function safeValues<T>(value: T): T {
  if (typeof value === "string") return safeValue(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => safeValues(item)) as T;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, safeValues(item)])) as T;
  }
  return value;
}
