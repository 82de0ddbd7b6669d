// The component provider: `pulumi package add` runs this package as a plugin (PulumiPlugin.yaml,
// runtime nodejs) through @pulumi/pulumi/cmd/run-plugin, which loads package.json "main", this
// entry compiled. The schema is inferred from the TypeScript sources of the component
// (components/*.ts, found through package.json "exports" ".": "default"), which the package ships.
import * as fs from "fs";
import * as path from "path";
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { ManagedDeviceCheck } from "../components";
import { TYPES } from "../policies/okta";

/** The package's root, where package.json, PulumiPlugin.yaml and tsconfig.json are (from dist/provider or provider/). */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "PulumiPlugin.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`okta-managed-device-check: no PulumiPlugin.yaml above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

void componentProviderHost({
  // The package of the component's type token, okta-managed-device-check:index:ManagedDeviceCheck.
  name: TYPES.component.split(":")[0],
  components: [ManagedDeviceCheck],
  dirname: packageRoot(),
});
