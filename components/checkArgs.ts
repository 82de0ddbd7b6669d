/**
 * The component's run-time argument check, for callers without TypeScript's (JavaScript, or any
 * language through the component provider): the same rules and messages as the stack config,
 * every problem at once. Kept free of the Pulumi SDK; the component decides what an Output is.
 */
import { checkSetting, requiredHere, SETTING_NAMES, SETTINGS, SettingName, SettingProblem, SettingSpec } from "./settings";

export interface CheckedArgs {
  /** Each plain argument checked and normalised, defaults applied; deferred arguments are absent. */
  values: Partial<Record<SettingName, unknown>>;
  /** Arguments whose values are not known yet (Outputs, promises): checked by the component once they are. */
  deferred: SettingName[];
  problems: SettingProblem[];
}

/**
 * Checks the arguments a caller passed. `isDeferred` says which values cannot be read yet. A list
 * (testUsers) must be known now: the component declares one resource per element.
 */
export function checkArgs(args: unknown, isDeferred: (value: unknown) => boolean): CheckedArgs {
  const checked: CheckedArgs = { values: {}, deferred: [], problems: [] };
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    checked.problems.push({ path: "args", message: `expected an object with the arguments ${SETTING_NAMES.join(", ")}` });
    return checked;
  }
  const given = args as Record<string, unknown>;
  // An empty list where the setting's default is one (testUsers, testGroups) is the setting left out:
  // index.ts passes the stack's settings, defaults applied; whether it may be left out is decided below.
  const leftOut = (name: string) => {
    const value = given[name];
    return value === undefined || (Array.isArray(value) && value.length === 0 && Array.isArray((SETTINGS as Record<string, SettingSpec>)[name]?.default));
  };
  for (const name of SETTING_NAMES) {
    const spec: SettingSpec = SETTINGS[name];
    const value = leftOut(name) ? undefined : given[name];
    if (isDeferred(value)) {
      if (spec.list) checked.problems.push({ path: name, message: `${spec.list}, known when the component is declared (not an Output): it declares one assignment per user` });
      else checked.deferred.push(name);
      continue;
    }
    const result = checkSetting(name, value, requiredHere(spec, (other) => !leftOut(other)));
    if ("problems" in result) checked.problems.push(...result.problems);
    else checked.values[name] = result.value;
  }
  for (const name of Object.keys(given)) {
    if (name in SETTINGS || given[name] === undefined) continue;
    const meant = SETTING_NAMES.find((known) => known.toLowerCase() === name.toLowerCase());
    checked.problems.push({ path: name, message: `is not an argument${meant ? ` (did you mean ${meant}?)` : ""}; the arguments are ${SETTING_NAMES.join(", ")}` });
  }
  return checked;
}

/** The message listing every problem of a component's arguments, one per line. */
export function argsProblemMessage(component: string, problems: SettingProblem[]): string {
  return [`${component}: invalid arguments (${problems.length} problem${problems.length === 1 ? "" : "s"}):`, ...problems.map((p) => `  ${p.path}: ${p.message}`)].join("\n");
}
