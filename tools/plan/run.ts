import * as path from "path";
import { ExitCode } from "../command";
import { ConfigError, parseStackConfig, SECRET_PLACEHOLDER, SecretConfigValue, type CheckSettings, type ConfigProblem, type ProgramConfig, type StackConfig } from "../../components/config";
import { expiryWarning } from "../expiry";
import { StackFileError } from "../stack/errors";
import { readProjectStack } from "../stack/projectStack";
import { captureProgram, ProviderRefusal } from "./capture";
import { PLAN_TENANT } from "./offlineTenant";
import { unsafeOptions } from "./resourceOptions";
import { describeResource, loginsByAssignmentName, type PlannedResource } from "./describe";
import { runPolicies, type PlanPolicyVerdict } from "./policies";

type PlanStatus = "clean" | "advisory" | "unchecked" | "violation" | "unsafe-option" | "provider-refused" | "invalid-config" | "program-error";

/** The plan's own exit codes; 64 (usage) and 70 (internal: the program itself failed) are the command layer's. */
export const PLAN_EXIT = { clean: 0, blocked: 1, invalidConfig: 2, programError: ExitCode.internal } as const;

/** The tenant a stack targets, as far as the stack file says (nothing is looked up). */
interface TenantSummary {
  orgName?: string;
  baseUrl?: string;
  url?: string;
  /** How `pulumi up` signs in, with every secret redacted. */
  credentials: string;
}

/** The offline plan of one stack. */
export interface StackPlan {
  stack: string;
  stackFile: string;
  status: PlanStatus;
  exitCode: number;
  tenant?: TenantSummary;
  /** The resources `pulumi up` would create, parents first; absent when the config is invalid. */
  resources?: PlannedResource[];
  policies?: PlanPolicyVerdict[];
  /** Checks the plan cannot make without the tenant: encrypted values, keys an ESC environment may supply. */
  unchecked?: ConfigProblem[];
  /** Each config problem, naming the key; present only when the config is invalid. */
  configErrors?: ConfigProblem[];
  /** The error text as printed: the config errors (one per line), each input the provider would refuse (one per line), or why the program failed. */
  error?: string;
  expiresOn?: string;
  warnings: string[];
  nextSteps: string[];
}

export interface PlanOptions {
  /** The project directory holding the stack files. */
  dir: string;
  /** The stack as given (a reference such as `acme/okta-managed-device-check/dev` stays whole): every command the plan prints names it so. */
  stack: string;
  /** The plan's own command line for this stack, for the hints to plan again (`npm run plan -- --stack dev --dir ../other`). */
  rerun: string;
  /** The stack's file as messages name it (tools/stack/locate.ts). */
  stackFile: string;
  /** The module that declares the resources. */
  program: string;
  /** Loads the program module afresh (each plan must run it anew). */
  loadProgram: (file: string) => unknown;
  /** YYYY-MM-DD, the date the stack's expiry is checked against. */
  today: string;
  /** Called with the stack's config once read (e.g. to collect values that must never be printed). */
  onStackConfig?: (raw: ProgramConfig) => void;
}

/** Loads a module afresh through Node's require (a `.ts` program is compiled with ts-node on demand). */
export function loadFresh(file: string): unknown {
  const resolved = require.resolve(file);
  if (/\.[cm]?ts$/.test(resolved) && !require.extensions[".ts"]) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("ts-node") as { register(options: object): void }).register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
  }
  delete require.cache[resolved];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(resolved);
}

/** The exit code of several plans: the highest of theirs. */
export function exitCodeOf(plans: readonly StackPlan[]): number {
  return Math.max(0, ...plans.map((p) => p.exitCode));
}

/**
 * Plans one stack offline: validates its config, runs the program under mocks, runs the policy pack.
 *
 * Pulumi's runtime records a stack trace for every promise it creates (read only when debugging
 * promise leaks), and the pack's evaluator creates an error for every policy that does not apply to
 * a resource: formatting those traces is most of the cost of a large plan. Traces are therefore
 * off while planning (resources still get their source positions: Pulumi takes those with its own
 * depth). The plan reports errors by message only, so nothing shown is lost.
 *
 * Those source positions are the whole stack of every resource, and under ts-node (`npm run plan`)
 * each frame would be mapped back through source maps by ts-node's `prepareStackTrace` hook: about
 * 0.5 s of CPU time in a 1,000-user plan. The mocks never read the positions, so V8's own
 * formatting is used while planning (positions in the transpiled code) and ts-node's hook is put
 * back afterwards.
 */
export async function planStack(options: PlanOptions): Promise<StackPlan> {
  // @types/node declares the hook as always present; unset, V8 formats the stack itself.
  const errors: { stackTraceLimit: number; prepareStackTrace?: unknown } = Error;
  const { stackTraceLimit, prepareStackTrace } = errors;
  errors.stackTraceLimit = 0;
  errors.prepareStackTrace = undefined;
  try {
    return await planWithoutTraces(options);
  } finally {
    errors.stackTraceLimit = stackTraceLimit;
    errors.prepareStackTrace = prepareStackTrace;
  }
}

async function planWithoutTraces(options: PlanOptions): Promise<StackPlan> {
  const { stack, stackFile } = options;
  const base = () => ({ stack, stackFile });

  let raw: ProgramConfig;
  let config: StackConfig;
  let settings: CheckSettings;
  let unchecked: ConfigProblem[];
  let environments: string[];
  try {
    const read = readProjectStack(options.dir, stack);
    ({ config: raw, environments } = read);
    options.onStackConfig?.(raw);
    const parsed = parseStackConfig(raw, stackFile, { environments });
    ({ config, settings } = parsed);
    unchecked = [...read.unchecked, ...parsed.unchecked];
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof StackFileError)) throw error;
    const problems = error instanceof ConfigError ? error.problems : [];
    return {
      ...base(),
      status: "invalid-config",
      exitCode: PLAN_EXIT.invalidConfig,
      configErrors: problems,
      error: error.message,
      warnings: [],
      nextSteps: [`Fix ${problems.length > 0 ? `the keys above in ${stackFile}` : stackFile}, then run: ${options.rerun}`],
    };
  }

  const tenant = summariseTenant(config, environments);
  const warnings: string[] = [];
  const expired = expiryWarning(settings.expiresOn, new Date(`${options.today}T00:00:00Z`), stack, stackFile);
  if (expired) warnings.push(expired);

  let captured;
  try {
    captured = await captureProgram({ stack, config: withUnseenKeys(raw, unchecked), preview: true, tenant: PLAN_TENANT, program: () => options.loadProgram(options.program) });
  } catch (error) {
    const refused = error instanceof ProviderRefusal;
    const program = displayPath(options.program);
    return {
      ...base(),
      status: refused ? "provider-refused" : "program-error",
      exitCode: refused ? PLAN_EXIT.blocked : PLAN_EXIT.programError,
      tenant,
      warnings,
      error: refused
        ? error.refusals.map((r) => `${stackFile}: ${r.name} (${r.type}): the provider would refuse it: ${r.message.replace(/\n+/g, " ")}`).join("\n")
        : `${stackFile}: the program failed under Pulumi's mocks: ${errorMessage(error)}`,
      nextSteps: refused
        ? [
            `Fix the program (${program}) or ${stackFile}: pulumi up --stack ${stack} would fail on ${error.refusals.length === 1 ? "this input" : "these inputs"}.`,
            `Then plan again: ${options.rerun}`,
          ]
        : [`Fix the program (${program}), then run: ${options.rerun}`],
      ...(settings.expiresOn ? { expiresOn: settings.expiresOn } : {}),
    };
  }

  const unsafe = unsafeOptions(captured.resources, stack);
  if (unsafe.length > 0) {
    return {
      ...base(),
      status: "unsafe-option",
      exitCode: PLAN_EXIT.blocked,
      tenant,
      warnings,
      error: unsafe.map((r) => `${stackFile}: ${r.name} (${r.type}): ${r.message}`).join("\n"),
      nextSteps: [
        `Fix the program (${displayPath(options.program)}): ${[...new Set(unsafe.map((r) => r.option))].join(" and ")} ${unsafe.length === 1 ? "is an option" : "are options"} the policy pack cannot see, so pulumi up --policy-pack policies would not stop ${unsafe.length === 1 ? "it" : "them"}.`,
        `Then plan again: ${options.rerun}`,
      ],
      ...(settings.expiresOn ? { expiresOn: settings.expiresOn } : {}),
    };
  }

  const namesByUrn = new Map(captured.resources.map((r) => [r.urn, r.name]));
  const namesById = new Map(captured.resources.flatMap((r) => (r.id ? [[r.id, r.name] as const] : [])));
  const context = { namesByUrn, namesById, loginsByAssignmentName: loginsByAssignmentName(captured.resources, settings.testUsers) };
  const resources = captured.resources.map((r) => describeResource(r, context));

  const policies = runPolicies(captured.resources, options.today);
  const mandatory = policies.some((p) => p.verdict === "mandatory");
  const cannotCheck = unchecked.length > 0 || policies.some((p) => p.undetermined);
  const advisory = policies.some((p) => p.verdict === "advisory");

  return {
    ...base(),
    status: mandatory ? "violation" : cannotCheck ? "unchecked" : advisory ? "advisory" : "clean",
    exitCode: mandatory ? PLAN_EXIT.blocked : PLAN_EXIT.clean,
    tenant,
    resources,
    policies,
    ...(settings.expiresOn ? { expiresOn: settings.expiresOn } : {}),
    ...(unchecked.length > 0 ? { unchecked } : {}),
    warnings,
    nextSteps: mandatory ? blockedSteps(stack, options.rerun, policies) : nextSteps(stack, options.rerun, stackFile, settings, tenant, warnings.length > 0),
  };
}

/**
 * The config handed to the program: a key the plan cannot see (one an ESC environment may supply)
 * is handed over as a secret it cannot decrypt, so that the program runs on as Pulumi would run it
 * with the real value, and every resource input it feeds is unknown (capture.ts, `hidesUnseenConfig`).
 */
function withUnseenKeys(raw: ProgramConfig, unchecked: readonly ConfigProblem[]): ProgramConfig {
  const config = { ...raw };
  for (const { key } of unchecked) if (!(key in config)) config[key] = new SecretConfigValue();
  return config;
}

function nextSteps(stack: string, rerun: string, stackFile: string, settings: CheckSettings, tenant: TenantSummary, expired: boolean): string[] {
  if (expired) {
    return [
      `Remove it from the tenant: pulumi destroy --stack ${stack}`,
      `Only if it is still needed: move okta-managed-device-check:expiresOn in ${stackFile} to a later date and plan again: ${rerun}`,
    ];
  }
  const users = settings.testUsers;
  const who = users.includes(SECRET_PLACEHOLDER)
    ? "each test user"
    : users.length === 1 ? users[0] : users.length <= 3 ? `each of ${users.slice(0, -1).join(", ")} and ${users[users.length - 1]}` : `each of the ${users.length} test users`;
  return [
    `Create it in the tenant (Pulumi CLI and the tenant's credentials needed; the policy pack runs again on the tenant's answers): pulumi up --policy-pack policies --stack ${stack}`,
    `Check that every test user is ready to sign in (Okta Verify with FastPass, a registered device): npm run verify -- --stack ${stack} --preflight`,
    `On the device under test, ${who} opens the "${settings.bookmarkLabel}" tile on the Okta End-User Dashboard and signs in with Okta Verify (FastPass): ` +
      `the app opens only on a registered, managed device; anywhere else the catch-all denies access.`,
    `Read the outcome from ${tenant.url ?? "the tenant"} as soon as it lands (System Log and the device's management status): npm run verify -- --stack ${stack} --wait 30m`,
    `Remove it all afterwards${settings.expiresOn ? ` (by ${settings.expiresOn})` : ""}: pulumi destroy --stack ${stack}`,
  ];
}

function blockedSteps(stack: string, rerun: string, policies: PlanPolicyVerdict[]): string[] {
  const names = policies.filter((p) => p.verdict === "mandatory").map((p) => p.policyName);
  return [
    `Fix the mandatory violation${names.length === 1 ? "" : "s"} (${names.join(", ")}): pulumi up --policy-pack policies --stack ${stack} would refuse this plan.`,
    `Then plan again: ${rerun}`,
  ];
}

/** Where `pulumi up` will take the org and the credentials from: the stack, or the provider's environment variables. */
function summariseTenant(config: StackConfig, environments: readonly string[]): TenantSummary {
  const orgName = config["okta:orgName"] as string | undefined;
  const baseUrl = config["okta:baseUrl"] as string | undefined;
  const url = orgName ? `https://${orgName}.${baseUrl ?? "okta.com"}` : undefined;
  return { ...(orgName ? { orgName } : {}), ...(baseUrl ? { baseUrl } : {}), ...(url ? { url } : {}), credentials: describeCredentials(config, environments) };
}

function describeCredentials(config: StackConfig, environments: readonly string[]): string {
  const clientId = config["okta:clientId"] as string | undefined;
  if (clientId !== undefined) {
    const scopes = config["okta:scopes"] as string[] | undefined;
    const kid = config["okta:privateKeyId"] as string | undefined;
    return [
      `OAuth service app ${clientId}${kid ? ` (kid ${kid})` : ""}`,
      config["okta:privateKey"] !== undefined ? "private key okta:privateKey [secret]" : "private key not in the stack file: pulumi up reads OKTA_API_PRIVATE_KEY (or run: pulumi config set --secret okta:privateKey < key.pem)",
      scopes ? `scopes ${scopes.join(" ")}` : "scopes not in the stack file: pulumi up reads OKTA_API_SCOPES",
    ].join(", ");
  }
  if (config["okta:apiToken"] !== undefined) return "API token okta:apiToken [secret]";
  if (config["okta:accessToken"] !== undefined) return "access token okta:accessToken [secret]";
  if (environments.length > 0) return `none in the stack file: they may come from its ESC environment (${environments.join(", ")}), else pulumi up reads OKTA_API_TOKEN, or OKTA_API_CLIENT_ID with OKTA_API_PRIVATE_KEY, from the environment`;
  return "none in the stack file: pulumi up reads OKTA_API_TOKEN, or OKTA_API_CLIENT_ID with OKTA_API_PRIVATE_KEY, from the environment (or run: pulumi config set --secret okta:apiToken)";
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0];
  return String(error);
}
