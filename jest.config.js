/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Two workers: the slowest suites wait on child processes (ts-node type checks), not on the CPU alone.
  maxWorkers: 2,
  roots: ["<rootDir>/tests"],
  reporters: ["default", "<rootDir>/tests/support/summaryReporter.js"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
};
