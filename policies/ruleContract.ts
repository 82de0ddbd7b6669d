/**
 * The check's rule contract: what its allow rule must be, stated once and worded once. The pack reads
 * it over the provider's inputs (okta.AppSignonPolicyRule, or an entry of okta.app.SignonPolicyRules:
 * the same input names in @pulumi/okta 7.x, appSignonPolicyRule.d.ts and types/input.d.ts
 * SignonPolicyRulesRule); verify's drift maps the Okta API's AccessPolicyRule onto the same names
 * (tools/verify/drift.ts), so a rule the pack refuses is drift in the tenant, with the same reason.
 *
 * Each requirement reads only the inputs it needs: under the engine's unknown-checking proxy a value
 * unknown during preview then makes only that requirement undetermined.
 */
import { EVERY_SIGN_IN, FASTPASS_KEYS, FASTPASS_METHOD, fastPassConstraint, isFastPassMethod, PROVIDER_DEFAULT_REAUTHENTICATION } from "./okta";
import { isObject, Props } from "./read";

/** One thing the check's rule must be; `problems` is empty when the rule meets it. */
export interface RuleRequirement {
  problems(rule: Props): string[];
  /** What is wrong, after the rule's name: e.g. `does not require Okta Verify FastPass: <problems>`. */
  finding(problems: string[]): string;
}

/** The rule lets a device in: access ALLOW (the provider's default when unset). */
export const ALLOWS_ACCESS: RuleRequirement = {
  problems: (rule) => {
    const access: unknown = rule.access;
    if (access === undefined || access === null || (typeof access === "string" && access.trim().toUpperCase() === "ALLOW")) return [];
    return [`sets access to ${JSON.stringify(access)}`];
  },
  finding: (problems) => `does not allow access: it ${problems.join("; ")}, so no device gets in and every verdict is "not managed"`,
};

/** The device conditions every allow rule of the check needs, each as the input that states it. */
export const REQUIRES_MANAGED_DEVICE: RuleRequirement = {
  problems: (rule) => {
    const missing: string[] = [];
    if (rule.deviceIsRegistered !== true) missing.push("deviceIsRegistered: true");
    if (rule.deviceIsManaged !== true) missing.push("deviceIsManaged: true");
    return missing;
  },
  finding: (missing) => `allows access without ${missing.join(" and ")}`,
};

export const FASTPASS_FORMS = FASTPASS_KEYS.map((key) => `${key}/${FASTPASS_METHOD}`).join(" or ");

function describeMethod(method: unknown): string {
  return isObject(method) ? `${String(method.key)}${method.method === undefined || method.method === null ? "" : `/${String(method.method)}`}` : JSON.stringify(method);
}

/** An excluded method that takes FastPass away: FastPass itself, or a FastPass key with every method. */
function excludesFastPass(method: unknown): boolean {
  return isFastPassMethod(method) || (isObject(method) && (FASTPASS_KEYS as readonly unknown[]).includes(method.key) && (method.method === undefined || method.method === null));
}

/** One constraint entry, given as JSON text (the provider's input) or as an object (the API's rule). */
function constraintProblems(raw: unknown, index: number): string[] {
  let constraint: unknown = raw;
  if (typeof raw === "string") {
    try {
      constraint = JSON.parse(raw);
    } catch {
      return [`constraints[${index}] is not valid JSON`];
    }
  }
  if (!isObject(constraint)) return [`constraints[${index}] is not a constraint object`];
  const problems: string[] = [];
  for (const [factorClass, spec] of Object.entries(constraint)) {
    const excluded = isObject(spec) ? spec.excludedAuthenticationMethods : undefined;
    if (Array.isArray(excluded) && excluded.some(excludesFastPass)) problems.push(`constraints[${index}].${factorClass} excludes Okta Verify FastPass`);
  }
  const possession = constraint.possession;
  const methods = isObject(possession) ? possession.authenticationMethods : undefined;
  if (!Array.isArray(methods) || !methods.some(isFastPassMethod)) {
    const named = Array.isArray(methods) && methods.length > 0 ? ` (it names ${methods.map(describeMethod).join(", ")})` : "";
    problems.push(`constraints[${index}] does not name Okta Verify FastPass (${FASTPASS_FORMS}) under possession.authenticationMethods${named}`);
  } else if (!methods.every(isFastPassMethod)) {
    const others = methods.filter((m) => !isFastPassMethod(m)).map(describeMethod);
    problems.push(`constraints[${index}] also accepts ${others.join(", ")} in place of FastPass`);
  }
  if (!isObject(possession) || possession.required !== true) {
    problems.push(`constraints[${index}] does not set possession.required: true (the provider sends false when it is missing)`);
  }
  return problems;
}

/**
 * Okta Verify FastPass as the only way in. Okta accepts a sign-in that satisfies any one entry of
 * `constraints`, so every entry must require FastPass, and only FastPass, as its possession factor: a
 * second entry with a password or an email offers another way in. Fields this does not read (such as
 * `userPresence` in a method or in `possession`, or a knowledge factor beside FastPass) only narrow
 * what Okta accepts, so they neither fail nor pass a rule.
 */
export const REQUIRES_FASTPASS: RuleRequirement = {
  problems: (rule) => {
    const problems: string[] = [];
    const type: unknown = rule.type;
    if (type !== undefined && type !== null && !(typeof type === "string" && type.toUpperCase() === "ASSURANCE")) {
      problems.push(`its verification type is ${JSON.stringify(type)}, so constraints do not decide the authenticator (only type ASSURANCE with constraints is accepted)`);
    }
    const constraints: unknown = rule.constraints;
    if (!Array.isArray(constraints) || constraints.length === 0) {
      problems.push("it has no constraints, so any authenticator the org allows satisfies it");
      return problems;
    }
    constraints.forEach((raw: unknown, index: number) => problems.push(...constraintProblems(raw, index)));
    return problems;
  },
  finding: (problems) => `does not require Okta Verify FastPass: ${problems.join("; ")}`,
};

/** How the check's rule is fixed to require FastPass, for messages. */
export const FASTPASS_FIX =
  `set constraints to [${JSON.stringify(fastPassConstraint("okta_verify"))}] with type ASSURANCE and no excluded FastPass ` +
  "(key okta_verify_fastpass in orgs with Flexible Okta Verify, which the component's fastPassKey setting selects)";

/** A prompt at every sign-in. */
export const REAUTHENTICATES_EVERY_SIGN_IN: RuleRequirement = {
  problems: (rule) => {
    const frequency: unknown = rule.reAuthenticationFrequency;
    if (frequency === EVERY_SIGN_IN) return [];
    if (frequency === undefined || frequency === null) return [`leaves reAuthenticationFrequency unset, so the provider's default ${PROVIDER_DEFAULT_REAUTHENTICATION} applies`];
    return [`sets reAuthenticationFrequency to ${JSON.stringify(frequency)}`];
  },
  finding: (problems) => problems.join("; "),
};

/**
 * The conditions that narrow who or where a rule applies, with the value that means "no narrowing".
 * A list narrows when it is not empty; `networkConnection` unless ANYWHERE; `riskScore` unless ANY;
 * `customExpression` unless empty. `platformExcludes` has no provider input; the API's rule can carry it.
 */
const NARROWING_LISTS = [
  "usersIncluded",
  "usersExcluded",
  "groupsIncluded",
  "groupsExcluded",
  "userTypesIncluded",
  "userTypesExcluded",
  "networkIncludes",
  "networkExcludes",
  "platformIncludes",
  "platformExcludes",
  "deviceAssurancesIncluded",
  "office365ClientIncludes",
] as const;
const NARROWING_VALUES: ReadonlyArray<readonly [string, string]> = [
  ["networkConnection", "ANYWHERE"],
  ["riskScore", "ANY"],
  ["customExpression", ""],
];

/** No condition that narrows who or where the rule applies: the device must be the only reason for a verdict. */
export const APPLIES_TO_EVERYONE: RuleRequirement = {
  problems: (rule) => {
    const problems: string[] = [];
    for (const [input, open] of NARROWING_VALUES) {
      const value: unknown = rule[input];
      if (value === undefined || value === null || value === open) continue;
      problems.push(`${input} is ${JSON.stringify(value)}`);
    }
    for (const input of NARROWING_LISTS) {
      const value: unknown = rule[input];
      if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
      problems.push(`${input} is ${JSON.stringify(value)}`);
    }
    return problems;
  },
  finding: (problems) => `narrows who or where it applies: ${problems.join("; ")}`,
};
