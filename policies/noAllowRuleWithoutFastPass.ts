import { ResourceValidationPolicy } from "@pulumi/policy";
import { isObject, Props } from "./read";
import { FASTPASS_METHOD } from "./scope";
import { validateAllowRules } from "./ruleValidation";

const FASTPASS_JSON = JSON.stringify({ possession: { authenticationMethods: [FASTPASS_METHOD], required: true } });

function isFastPass(method: unknown): boolean {
  return isObject(method) && method.key === FASTPASS_METHOD.key && method.method === FASTPASS_METHOD.method;
}

function describeMethod(method: unknown): string {
  return isObject(method) ? `${String(method.key)}${method.method === undefined ? "" : `/${String(method.method)}`}` : JSON.stringify(method);
}

/** What keeps one allow rule from requiring Okta Verify FastPass; empty when it does. */
export function fastPassProblems(rule: Props): string[] {
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
  constraints.forEach((raw: unknown, index: number) => {
    let constraint: unknown = raw;
    if (typeof raw === "string") {
      try {
        constraint = JSON.parse(raw);
      } catch {
        problems.push(`constraints[${index}] is not valid JSON`);
        return;
      }
    }
    if (!isObject(constraint)) {
      problems.push(`constraints[${index}] is not a constraint object`);
      return;
    }
    for (const [factorClass, spec] of Object.entries(constraint)) {
      const excluded = isObject(spec) ? spec.excludedAuthenticationMethods : undefined;
      if (Array.isArray(excluded) && excluded.some(isFastPass)) {
        problems.push(`constraints[${index}].${factorClass} excludes Okta Verify FastPass`);
      }
    }
    const possession = constraint.possession;
    const methods = isObject(possession) ? possession.authenticationMethods : undefined;
    if (!Array.isArray(methods) || !methods.some(isFastPass)) {
      problems.push(`constraints[${index}] does not name Okta Verify FastPass (okta_verify/signed_nonce) under possession.authenticationMethods`);
    } else if (!methods.every(isFastPass)) {
      const others = methods.filter((m) => !isFastPass(m)).map(describeMethod);
      problems.push(`constraints[${index}] also accepts ${others.join(", ")} in place of FastPass`);
    }
    if (!isObject(possession) || possession.required !== true) {
      problems.push(`constraints[${index}] does not set possession.required: true (the provider sends false when it is missing)`);
    }
  });
  return problems;
}

/**
 * 3. An allow rule that does not require Okta Verify FastPass as its authentication method, or
 * that excludes it. FastPass is what reports the device's management status to Okta; any other
 * authenticator lets the sign-in succeed without the device proving it is managed.
 */
export const noAllowRuleWithoutFastPass: ResourceValidationPolicy = {
  name: "no-allow-rule-without-fastpass",
  description: "Forbids an allow rule that does not require Okta Verify FastPass as its authentication method, or that excludes it.",
  enforcementLevel: "mandatory",
  validateResource: validateAllowRules((view, reportViolation) => {
    const problems = fastPassProblems(view.rule);
    if (problems.length === 0) return;
    reportViolation(
      `${view.label} does not require Okta Verify FastPass: ${problems.join("; ")}. ` +
        "Only FastPass proves the device's registration and management status at sign-in; with another authenticator the sign-in is not tied to a managed device. " +
        `Fix: set constraints to [${JSON.stringify(FASTPASS_JSON)}] (type ASSURANCE, no excluded FastPass).`,
    );
  }),
};
