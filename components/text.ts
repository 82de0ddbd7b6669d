import { z } from "zod";

// Hostile text: C0 controls (tab and line breaks included), DEL, C1 controls, the Unicode line and
// paragraph separators, and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
// U+2066-U+2069). The one definition for config values and the credential variables alike, and the
// base of what tools/safeText.ts escapes in output. This is the part outside C0, as a character-class body.
export const HOSTILE_OUTSIDE_C0 = "\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
const HOSTILE = new RegExp(`[\\u0000-\\u001f${HOSTILE_OUTSIDE_C0}]`);
// A PEM private key is several lines: only line breaks are allowed in it.
const HOSTILE_IN_MULTILINE = new RegExp(`[\\u0000-\\u0009\\u000b\\u000c\\u000e-\\u001f${HOSTILE_OUTSIDE_C0}]`);
export const HOSTILE_MESSAGE = "contains a control character or a bidirectional override (value not shown); remove it";

/** True when a text holds a control character (C0, DEL, C1) or a bidirectional override; `multiline` allows line breaks. */
export function hasHostileCharacters(text: string, { multiline = false } = {}): boolean {
  return (multiline ? HOSTILE_IN_MULTILINE : HOSTILE).test(text);
}

/** A key name safe to print: hostile characters are shown as \\u escapes. */
export function printableKey(name: string): string {
  return name.replace(new RegExp(HOSTILE.source, "g"), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// Invisible format characters (Unicode category Cf: zero-width space and joiners, the direction
// marks U+200E/U+200F and U+061C, the word joiner, the byte-order mark, ...): a name holding one
// reads like another name in the console.
const INVISIBLE = /\p{Cf}/u;

/**
 * A name as a person reads it: compatibility forms folded (NFKC), invisible characters dropped,
 * every dash (U+2010 hyphen, en dash, minus sign, ...) read as "-", every space as one space, and
 * case ignored. Two names with the same reading look alike in the Admin Console.
 */
export function nameAsRead(name: string): string {
  return name
    .normalize("NFKC")
    .replace(new RegExp(INVISIBLE.source, "gu"), "")
    .replace(/[\p{Pd}\u2212]/gu, "-")
    .replace(/\p{Zs}+/gu, " ")
    .trim()
    .toLowerCase();
}

// A value a text key receives as JSON of a list or map (a YAML list or map in the stack file).
function isJsonCollection(text: string): boolean {
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object";
  } catch {
    return false;
  }
}

/** Text as the program receives it: no hostile characters, and not a YAML list or map turned into JSON. */
export const text = (expected: string) =>
  z
    .string({ error: expected })
    .refine((v) => !HOSTILE.test(v), { error: HOSTILE_MESSAGE, abort: true })
    .refine((v) => !isJsonCollection(v), { error: `${expected}, not a list or map`, abort: true });

/** One element of a list: text without hostile characters. */
export const element = (expected: string) => z.string({ error: expected }).refine((v) => !HOSTILE.test(v), { error: HOSTILE_MESSAGE, abort: true });

/** A name shown in the Admin Console: trimmed, 1 to 100 characters, nothing invisible in it. */
export const displayName = (what: string) =>
  text(`expected the ${what} as text`)
    .refine((v) => !INVISIBLE.test(v), {
      error: "contains an invisible character (a zero-width space or joiner, or a direction mark; value not shown); remove it",
      abort: true,
    })
    .transform((v) => v.trim())
    .pipe(z.string().min(1, { error: `expected a non-empty ${what}` }).max(100, { error: `expected a ${what} of at most 100 characters` }));

/** A structured value: the JSON text Pulumi passes for a YAML list (sdk/go/common/resource/config/object.go, MarshalString). */
export const jsonOf = (expected: string) =>
  z.string({ error: expected }).transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: expected });
      return z.NEVER;
    }
  });

/** One of a fixed set of texts. */
export const oneOf = <T extends readonly [string, ...string[]]>(values: T, expected: string) => text(expected).pipe(z.enum(values, { error: expected }));
