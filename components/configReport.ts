/** How an invalid stack config is reported: one problem per key, all at once, in a stable order. */

export interface ConfigProblem {
  /** The key path as `pulumi config` names it, e.g. `okta-managed-device-check:testUsers[1]`. */
  key: string;
  message: string;
}

/** Raised for an invalid stack config; its message lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(
    readonly stackFile: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      [`${stackFile}: invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):`, ...problems.map((p) => `  ${stackFile}: ${p.key}: ${p.message}`)].join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** Problems in the order of the known keys, then unknown keys as they were written. */
export function inKeyOrder(problems: ConfigProblem[], known: readonly string[]): ConfigProblem[] {
  const rank = (p: ConfigProblem) => {
    const index = known.findIndex((k) => p.key === k || p.key.startsWith(`${k}[`) || p.key.startsWith(`${k}.`));
    return index === -1 ? known.length : index;
  };
  return problems.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map(({ p }) => p);
}

/** "unknown key", with the known key it most likely meant and the known keys of its namespace. */
export function unknownKeyMessage(unknown: string, known: readonly string[]): string {
  const [namespace, name] = unknown.includes(":") ? [unknown.slice(0, unknown.indexOf(":")), unknown.slice(unknown.indexOf(":") + 1)] : ["", unknown];
  const nameOf = (k: string) => k.slice(k.indexOf(":") + 1).toLowerCase();
  const suggestion =
    known.find((k) => k.toLowerCase() === unknown.toLowerCase()) ??
    known.find((k) => nameOf(k) === name.toLowerCase()) ??
    known.find((k) => (namespace === "" || k.startsWith(`${namespace}:`)) && editDistance(nameOf(k), name.toLowerCase()) <= 2);
  const sameNamespace = known.filter((k) => k.startsWith(`${namespace}:`));
  const listed = sameNamespace.length > 0 ? sameNamespace : known;
  return `unknown key${suggestion ? ` (did you mean ${suggestion}?)` : ""}; known keys: ${listed.join(", ")}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
