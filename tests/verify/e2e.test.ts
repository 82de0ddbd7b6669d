import { removeProjects } from "./harness";
import { driftSuites } from "./e2e/drift";
import { engineSuites } from "./e2e/engine";
import { tenantErrorSuites } from "./e2e/tenantErrors";
import { readinessSuites } from "./e2e/readiness";
import { recordedShapeSuites } from "./e2e/recordedShapes";
import { verdictSuites } from "./e2e/verdicts";

// main() end to end, in-process, against a loopback fake of Okta's API through @okta/okta-sdk-nodejs.
// One test file for all of them: jest loads the Okta SDK and @pulumi/pulumi afresh for every test
// file, about three seconds each time.

// The SDK loads once here, not within the first test's five seconds.
beforeAll(() => void require("@okta/okta-sdk-nodejs"), 30_000);
afterAll(removeProjects);

describe("verdicts and options", verdictSuites);
describe("drift", driftSuites);
describe("tenant errors", tenantErrorSuites);
describe("readiness, waiting and cost", readinessSuites);
describe("the org's engine", engineSuites);
describe("System Log events in the recorded shapes", recordedShapeSuites);
