/**
 * A consumer project's package.json and package-lock.json for the packed tarball, so that `npm ci
 * --offline` installs it from npm's cache alone: the tarball (by its integrity), its dependencies and
 * peers, each at the version and integrity this repository's lockfile pins (its `npm ci` put them
 * in the cache). A plain `npm install --offline` would need the registry's package documents, which
 * `npm ci` never fetches.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

interface LockEntry {
  version: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/**
 * Writes the consumer's manifest and lockfile into `dir` as `npm install <tarball> <named...>` leaves
 * them: the manifest lists the package and the packages named, and npm (7 and later) installs every
 * required peer too, named or not; an optional peer is not installed.
 */
export function writeConsumerProject(root: string, tarball: string, manifest: Record<string, any>, dir: string, named: readonly string[]): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const lock = (JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> }).packages;
  const packages: Record<string, LockEntry> = {};
  // Node's lookup: <from>/node_modules/<name>, then each parent's.
  const locate = (from: string, name: string): string | undefined => {
    for (let dir = from; ; ) {
      const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
      if (lock[candidate]) return candidate;
      if (!dir) return undefined;
      const up = dir.lastIndexOf("/node_modules/");
      dir = up === -1 ? "" : dir.slice(0, up);
    }
  };
  const add = (at: string) => {
    if (packages[at]) return;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, optional: _optional, ...entry } = lock[at];
    packages[at] = entry;
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) {
      const found = locate(at, name);
      if (found) add(found);
      else if (!entry.peerDependenciesMeta?.[name]?.optional && !entry.optionalDependencies?.[name]) throw new Error(`${name} (needed by ${at}) is not in package-lock.json`);
    }
  };
  const optional = (name: string) => (manifest.peerDependenciesMeta as Record<string, { optional?: boolean }> | undefined)?.[name]?.optional === true;
  const peers = Object.keys(manifest.peerDependencies ?? {}).filter((name) => !optional(name));
  for (const name of [...Object.keys(manifest.dependencies ?? {}), ...peers, ...named]) add(locate("", name) ?? "");

  const resolved = `file:${path.relative(dir, tarball)}`;
  const dependencies = { [manifest.name]: resolved, ...Object.fromEntries(named.map((name) => [name, lock[`node_modules/${name}`].version])) };
  const project = { name: "consumer", version: "1.0.0", private: true, dependencies };
  const integrity = `sha512-${createHash("sha512").update(fs.readFileSync(tarball)).digest("base64")}`;
  const { name: _name, scripts: _scripts, devDependencies: _devDependencies, files: _files, ...published } = manifest;
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(project, null, 2));
  fs.writeFileSync(
    path.join(dir, "package-lock.json"),
    JSON.stringify(
      {
        ...project,
        lockfileVersion: 3,
        requires: true,
        packages: { "": project, [`node_modules/${manifest.name}`]: { version: published.version, resolved, integrity, license: published.license, dependencies: published.dependencies, peerDependencies: published.peerDependencies, peerDependenciesMeta: published.peerDependenciesMeta, engines: published.engines }, ...packages },
      },
      null,
      2,
    ),
  );
}
