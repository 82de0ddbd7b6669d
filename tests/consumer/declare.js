// A consumer's unit test of a program that declares the check, as README "Use the component"
// shows it: Pulumi's mocks, with the user lookup answering an ACTIVE user. Run inside the consumer
// project (it requires the installed package by name); prints the outcome as one JSON line.
// Usage: node declare.js <bookmarkUrl>
const pulumi = require("@pulumi/pulumi");

const declared = [];
pulumi.runtime
  .setMocks(
    {
      newResource: (args) => {
        declared.push(`${args.type} ${args.name}`);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      // Without an ACTIVE status the component refuses the user (and a missing answer never resolves).
      call: (args) => (args.token === "okta:user/getUser:getUser" ? { ...args.inputs, id: "00u00000000000000001", login: "alice@example.com", status: "ACTIVE" } : args.inputs),
    },
    "consumer",
    "dev",
    false,
  )
  .then(async () => {
    const { ManagedDeviceCheck, FactorMode } = require("okta-managed-device-check");
    let check;
    try {
      check = new ManagedDeviceCheck("device-check", { testUsers: ["alice@example.com"], bookmarkUrl: process.argv[2], factorMode: FactorMode.OneFactor });
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { error: error.message, declared };
    }
    const [bookmarkUrl, userIds] = await Promise.all([
      new Promise((resolve) => check.bookmark.url.apply(resolve)),
      new Promise((resolve) => check.assignedUserIds.apply(resolve)),
      new Promise((resolve) => check.assignments[0].urn.apply(resolve)),
    ]);
    return { bookmarkUrl, userIds, declared: declared.sort(), resolvedFrom: require.resolve("okta-managed-device-check") };
  })
  .then((outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`, () => process.exit(0)));
