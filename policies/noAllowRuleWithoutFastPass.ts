import { ResourceValidationPolicy } from "@pulumi/policy";
import { fastPassConstraint, FASTPASS_KEYS, FASTPASS_METHOD, isFastPassMethod } from "./okta";
import { isObject, Props } from "./read";
import { validateAllowRules } from "./ruleValidation";

const FASTPASS_FORMS = FASTPASS_KEYS.map((key) => `${key}/${FASTPASS_METHOD}`).join(" or ");

function describeMethod(method: unknown): string {
  return isObject(method) ? `${String(method.key)}${method.method === undefined ? "" : `/${String(method.method)}`}` : JSON.stringify(method);
}

/** An excluded method that takes FastPass away: FastPass itself, or a FastPass key with every method. */
function excludesFastPass(method: unknown): boolean {
  return isFastPassMethod(method) || (isObject(method) && (FASTPASS_KEYS as readonly unknown[]).includes(method.key) && method.method === undefined);
}

/**
 * What keeps one allow rule from requiring Okta Verify FastPass; empty when it does. Okta accepts a
 * sign-in that satisfies any one entry of `constraints`, so every entry must require FastPass, and
 * only FastPass, as its possession factor. Fields this does not read (such as `userPresence` in a
 * method or in `possession`) only narrow what Okta accepts, so they neither fail nor pass a rule.
 */
function fastPassProblems(rule: Props): string[] {
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
      if (Array.isArray(excluded) && excluded.some(excludesFastPass)) {
        problems.push(`constraints[${index}].${factorClass} excludes Okta Verify FastPass`);
      }
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
  });
  return problems;
}

/**
 * An allow rule that does not require Okta Verify FastPass as its authentication method, or that
 * excludes it. FastPass is what reports the device's management status to Okta; any other
 * authenticator (Okta Verify push or TOTP included) lets the sign-in succeed without the device
 * proving it is managed. FastPass goes by `okta_verify` or, in orgs with Flexible Okta Verify,
 * `okta_verify_fastpass`; both are accepted with the method `signed_nonce`.
 */
export const noAllowRuleWithoutFastPass: ResourceValidationPolicy = {
  name: "no-allow-rule-without-fastpass",
  description: `Forbids an allow rule that does not require Okta Verify FastPass (${FASTPASS_FORMS}) as its only authentication method, or that excludes it.`,
  enforcementLevel: "mandatory",
  validateResource: validateAllowRules((view, reportViolation) => {
    const problems = fastPassProblems(view.rule);
    if (problems.length === 0) return;
    reportViolation(
      `${view.label} does not require Okta Verify FastPass: ${problems.join("; ")}. ` +
        "Only FastPass proves the device's registration and management status at sign-in; with another authenticator, Okta Verify push or TOTP included, the sign-in is not tied to a managed device. " +
        `Fix: set constraints to [${JSON.stringify(fastPassConstraint("okta_verify"))}] with type ASSURANCE and no excluded FastPass ` +
        "(key okta_verify_fastpass in orgs with Flexible Okta Verify, which the component's fastPassKey setting selects).",
    );
  }),
};
