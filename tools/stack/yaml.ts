/**
 * YAML and JSON files decoded as Pulumi decodes them (sdk/go/common/encoding/marshal.go), YAML as
 * gopkg.in/yaml.v3 decodes into `any`. Nothing here echoes a value: secrets may be anywhere.
 */
import * as fs from "fs";
import * as path from "path";
import { Alias, Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseAllDocuments, Scalar } from "yaml";
import { printableKey } from "../../components/config";
import { StackFileError } from "./errors";

/** A decoded value: YAML integers are bigints (Go int64/uint64), floats are numbers (Go float64). */
export type Plain = string | number | bigint | boolean | null | Plain[] | { [key: string]: Plain };

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

export function isObject(value: unknown): value is { [key: string]: Plain } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const YAML_TAG = "tag:yaml.org,2002:";
// yaml.v3 resolve.go, `resolvableTag` (plus !!binary, decode.go), and the collection tags.
const SCALAR_TAGS = new Set(["str", "int", "float", "bool", "null", "binary"]);
const MAX_ALIASES = 10_000;


class YamlReader {
  private aliases = 0;
  constructor(
    private readonly doc: Document.Parsed,
    private readonly label: string,
  ) {}

  fail(message: string): never {
    throw new StackFileError(`${this.label}: ${message}`);
  }

  read(node: unknown, at: string): Plain {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.read(this.resolveAlias(node), at);
    if (isScalar(node)) return this.scalar(node, at);
    if (isMap(node)) return this.mapping(node as unknown as { items: { key: unknown; value: unknown }[]; tag?: string }, at);
    if (isSeq(node)) {
      this.collectionTag((node as { tag?: string }).tag, "seq", at);
      return (node.items as unknown[]).map((item, i) => this.read(item, `${at}[${i}]`));
    }
    return this.fail(`${at || "(document)"}: unsupported YAML node`);
  }

  private resolveAlias(alias: Alias): Node {
    // yaml.v3 refuses documents that expand aliases without bound ("excessive aliasing").
    if (++this.aliases > MAX_ALIASES) this.fail("the document expands too many aliases");
    const target = alias.resolve(this.doc);
    if (!target) this.fail(`unknown anchor *${printableKey(alias.source)}`);
    return target as Node;
  }

  private collectionTag(tag: string | undefined, kind: "map" | "seq", at: string) {
    if (tag && tag !== `${YAML_TAG}${kind}` && tag !== "!") this.unsupportedTag(tag, at);
  }

  private unsupportedTag(tag: string, at: string): never {
    const shown = tag.startsWith(YAML_TAG) ? `!!${tag.slice(YAML_TAG.length)}` : tag;
    // Refused without echoing the tagged value: yaml.v3 would decode `!secret 00abc` as the plain
    // text "00abc" (resolve.go, `resolve`: an unresolvable tag keeps the text), which is no secret.
    this.fail(
      `${at || "(document)"}: the YAML tag ${printableKey(shown)} is not supported (value not shown); remove the tag. To store a secret, run: pulumi config set --secret <key>`,
    );
  }

  private scalar(node: Scalar, at: string): Plain {
    const value = String(node.value ?? "");
    const tag = node.tag;
    // yaml.v3 decode.go, `indicatedString`: quoted and block scalars are text unless tagged.
    const quoted = node.type !== undefined && node.type !== Scalar.PLAIN;
    if (!tag || tag === "!") return quoted || tag === "!" ? value : resolvePlain(value);
    if (!tag.startsWith(YAML_TAG) || !SCALAR_TAGS.has(tag.slice(YAML_TAG.length))) return this.unsupportedTag(tag, at);
    const short = tag.slice(YAML_TAG.length);
    if (short === "str") return value;
    if (short === "binary") {
      // yaml.v3 decode.go: !!binary is base64, decoded into text.
      if (node.value instanceof Uint8Array) return Buffer.from(node.value).toString("utf8");
      const compact = value.replace(/\s+/g, "");
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) this.fail(`${at}: !!binary value contains invalid base64 data (value not shown)`);
      return Buffer.from(compact, "base64").toString("utf8");
    }
    // yaml.v3 resolve.go, `resolve`: a tagged scalar must resolve to its tag (an int is a valid !!float).
    const resolved = resolvePlain(value);
    const kind = resolved === null ? "null" : typeof resolved === "bigint" ? "int" : typeof resolved === "number" ? "float" : typeof resolved === "boolean" ? "bool" : "str";
    if (kind === short) return resolved;
    if (short === "float" && kind === "int") return Number(resolved);
    return this.fail(`${at}: cannot decode the value (not shown) as a !!${short}`);
  }

  private mapping(node: { items: { key: unknown; value: unknown }[]; tag?: string }, at: string): { [key: string]: Plain } {
    this.collectionTag(node.tag, "map", at);
    const out: { [key: string]: Plain } = {};
    const merges: unknown[] = [];
    for (const pair of node.items) {
      const keyNode = isAlias(pair.key) ? this.resolveAlias(pair.key) : pair.key;
      // yaml.v3 resolve.go: a plain `<<` is the merge key.
      if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && keyNode.value === "<<" && (!keyNode.tag || keyNode.tag === `${YAML_TAG}merge`)) {
        merges.push(pair.value);
        continue;
      }
      const key = this.read(keyNode, at);
      // sdk/go/common/workspace/project.go, `SimplifyMarshalledValue`: "expected only string keys".
      if (typeof key !== "string") this.fail(`${at || "(document)"}: expected only string keys, found a ${key === null ? "null" : typeof key === "object" ? "collection" : "non-text"} key`);
      out[key] = this.read(pair.value, at ? `${at}.${key}` : key);
    }
    // yaml.v3 decode.go, `merge`: keys written in the map win over merged ones, and earlier merge
    // sources win over later ones; a merge value must be a map or a sequence of maps.
    for (const merge of merges) {
      const target = isAlias(merge) ? this.resolveAlias(merge) : merge;
      const sources = isSeq(target) ? (target.items as unknown[]).map((item) => (isAlias(item) ? this.resolveAlias(item) : item)) : [target];
      for (const source of sources) {
        if (!isMap(source)) this.fail(`${at || "(document)"}: map merge requires map or sequence of maps as the value`);
        const merged = this.mapping(source as unknown as { items: { key: unknown; value: unknown }[]; tag?: string }, at);
        for (const [k, v] of Object.entries(merged)) if (!(k in out)) out[k] = v;
      }
    }
    return out;
  }
}

/**
 * yaml.v3 resolve.go, `resolve`, for an untagged plain scalar: booleans and nulls by their spellings,
 * integers as Go's `strconv.ParseInt(s, 0, 64)` reads them (underscores dropped, 0x/0o/0b and a
 * leading 0 for octal), then unsigned, then floats; timestamps stay text when decoded into `any`
 * (decode.go); everything else is text.
 */
function resolvePlain(s: string): Plain {
  switch (s) {
    case "true": case "True": case "TRUE": return true;
    case "false": case "False": case "FALSE": return false;
    case "": case "~": case "null": case "Null": case "NULL": return null;
    case ".nan": case ".NaN": case ".NAN": return NaN;
    case ".inf": case ".Inf": case ".INF": case "+.inf": case "+.Inf": case "+.INF": return Infinity;
    case "-.inf": case "-.Inf": case "-.INF": return -Infinity;
  }
  const hint = s[0];
  if (hint === ".") return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) ? Number(s) : s;
  if (!/[-+0-9]/.test(hint)) return s;
  const plain = s.replace(/_/g, "");
  const int = goParseInt(plain);
  if (int !== undefined) return int;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return Number(plain);
  return s;
}

function goParseInt(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const [, sign, digits] = m;
  const literal = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits;
  let value = BigInt(literal.toLowerCase().replace(/^0x/, "0x"));
  if (sign === "-") value = -value;
  if (value >= INT64_MIN && value <= INT64_MAX) return value;
  // strconv.ParseUint takes no sign.
  if (sign === "" && value <= UINT64_MAX) return value;
  return undefined;
}

const BOM = "\ufeff";

/** Decodes a YAML or JSON file into plain values, as Pulumi's marshalers do (sdk/go/common/encoding/marshal.go). */
export function decodeFile(file: string, label: string): Plain {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new StackFileError(`${label}: cannot read the file at ${file}`);
  }
  // sdk/go/common/workspace/loaders.go, `readFileStripUTF8BOM`.
  if (text.startsWith(BOM)) text = text.slice(1);
  if (path.extname(file) === ".json") {
    try {
      return JSON.parse(text) as Plain;
    } catch {
      throw new StackFileError(`${label}: is not valid JSON`);
    }
  }
  const lineCounter = new LineCounter();
  // No pretty errors (they quote the source line, secrets included) and no warnings: the library
  // would print them with process.emitWarning. The schema is failsafe (every scalar is text): the
  // scalars are resolved below exactly as yaml.v3 resolves them.
  const docs = parseAllDocuments(text, { schema: "failsafe", prettyErrors: false, logLevel: "silent", uniqueKeys: true, lineCounter, strict: true });
  const list = Array.isArray(docs) ? docs : [];
  // yaml.v3 `Unmarshal` reads the first document only.
  const doc = list[0];
  if (!doc) return null;
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    // The library's messages may quote the offending token; only its code and position are shown.
    throw new StackFileError(`${label}: is not valid YAML (line ${line}, column ${col}: ${error.code})`);
  }
  return new YamlReader(doc, label).read(doc.contents, "");
}
