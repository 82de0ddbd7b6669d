/**
 * The error of Go's `json.Unmarshal(data, &value)` into an `interface{}`, as terraform-provider-okta
 * reports it for an invalid JSON attribute (stringIsJSON, okta/services/idaas/idaas.go, through
 * terraform-plugin-sdk helper/structure/normalize_json.go, NormalizeJsonString). The provider's
 * go.mod (v6.12) builds with Go 1.26, whose encoding/json is the v1 implementation: this is its
 * scanner (golang/go src/encoding/json/scanner.go, checkValid and the state functions, byte by byte
 * over the UTF-8 text), then decode.go's convertNumber, which refuses a number beyond float64.
 * Node's JSON.parse words every one of these differently, and differently per Node version.
 */

enum Parse {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

/** scanner.go, maxNestingDepth */
const MAX_NESTING_DEPTH = 10000;

type State = (c: number) => void;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const char = (literal: string) => literal.charCodeAt(0);

/** The error json.Unmarshal returns for this text, or undefined when it accepts it. */
export function goJsonUnmarshalError(text: string): string | undefined {
  const data = Buffer.from(text, "utf8");
  const scanner = new Scanner();
  for (let offset = 0; offset < data.length && scanner.error === undefined; offset++) {
    scanner.offset = offset;
    scanner.step(data[offset]);
  }
  if (scanner.error !== undefined) return scanner.error;
  // scanner.go, eof: one more space ends a number or a top-level literal, or shows it incomplete.
  scanner.offset = data.length;
  if (!scanner.endTop) scanner.step(0x20);
  if (scanner.error !== undefined) return scanner.error;
  if (!scanner.endTop) return "unexpected end of JSON input";
  // decode.go, convertNumber: strconv.ParseFloat fails with ErrRange beyond float64, as Number() gives Infinity.
  const tooLarge = scanner.numbers.map(([start, end]) => data.subarray(start, end).toString("latin1")).find((n) => !Number.isFinite(Number(n)));
  return tooLarge === undefined ? undefined : `json: cannot unmarshal number ${tooLarge} into Go value of type float64`;
}

class Scanner {
  step: State = (c) => this.beginValue(c);
  endTop = false;
  error: string | undefined;
  offset = 0;
  /** [start, end) byte offsets of every number literal. */
  readonly numbers: [number, number][] = [];
  private readonly parseState: Parse[] = [];
  private numberStart = 0;

  private fail(c: number, context: string): void {
    this.error = `invalid character ${quoteChar(c)} ${context}`;
    this.step = () => undefined;
  }

  private push(c: number, state: Parse): void {
    this.parseState.push(state);
    if (this.parseState.length > MAX_NESTING_DEPTH) this.fail(c, "exceeded max depth");
  }

  private pop(): void {
    this.parseState.pop();
    if (this.parseState.length === 0) {
      this.step = (c) => this.endTopLevel(c);
      this.endTop = true;
    } else {
      this.step = (c) => this.endValue(c);
    }
  }

  private to(state: State): void {
    this.step = state;
  }

  private beginValueOrEmpty(c: number): void {
    if (isSpace(c)) return;
    if (c === char("]")) return this.endValue(c);
    this.beginValue(c);
  }

  private beginValue(c: number): void {
    if (isSpace(c)) return;
    switch (c) {
      case char("{"):
        this.to((d) => this.beginStringOrEmpty(d));
        return this.push(c, Parse.ObjectKey);
      case char("["):
        this.to((d) => this.beginValueOrEmpty(d));
        return this.push(c, Parse.ArrayValue);
      case char('"'):
        return this.to((d) => this.inString(d));
      case char("-"):
        this.numberStart = this.offset;
        return this.to((d) => this.negative(d));
      case char("0"):
        this.numberStart = this.offset;
        return this.to((d) => this.zero(d));
      case char("t"):
        return this.to(this.literal("rue", "true", 0));
      case char("f"):
        return this.to(this.literal("alse", "false", 0));
      case char("n"):
        return this.to(this.literal("ull", "null", 0));
    }
    if (c >= char("1") && c <= char("9")) {
      this.numberStart = this.offset;
      return this.to((d) => this.nonZero(d));
    }
    this.fail(c, "looking for beginning of value");
  }

  private beginStringOrEmpty(c: number): void {
    if (isSpace(c)) return;
    if (c === char("}")) {
      this.parseState[this.parseState.length - 1] = Parse.ObjectValue;
      return this.endValue(c);
    }
    this.beginString(c);
  }

  private beginString(c: number): void {
    if (isSpace(c)) return;
    if (c === char('"')) return this.to((d) => this.inString(d));
    this.fail(c, "looking for beginning of object key string");
  }

  private endValue(c: number): void {
    const n = this.parseState.length;
    if (n === 0) {
      this.step = (d) => this.endTopLevel(d);
      this.endTop = true;
      return this.endTopLevel(c);
    }
    if (isSpace(c)) return this.to((d) => this.endValue(d));
    switch (this.parseState[n - 1]) {
      case Parse.ObjectKey:
        if (c === char(":")) {
          this.parseState[n - 1] = Parse.ObjectValue;
          return this.to((d) => this.beginValue(d));
        }
        return this.fail(c, "after object key");
      case Parse.ObjectValue:
        if (c === char(",")) {
          this.parseState[n - 1] = Parse.ObjectKey;
          return this.to((d) => this.beginString(d));
        }
        if (c === char("}")) return this.pop();
        return this.fail(c, "after object key:value pair");
      case Parse.ArrayValue:
        if (c === char(",")) return this.to((d) => this.beginValue(d));
        if (c === char("]")) return this.pop();
        return this.fail(c, "after array element");
    }
  }

  private endTopLevel(c: number): void {
    if (!isSpace(c)) this.fail(c, "after top-level value");
  }

  private inString(c: number): void {
    if (c === char('"')) return this.to((d) => this.endValue(d));
    if (c === char("\\")) return this.to((d) => this.inStringEscape(d));
    if (c < 0x20) this.fail(c, "in string literal");
  }

  private inStringEscape(c: number): void {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) return this.to((d) => this.inString(d));
    if (c === char("u")) return this.to(this.hexEscape(4));
    this.fail(c, "in string escape code");
  }

  /** stateInStringEscU, ...U1, ...U12, ...U123: `left` hex digits still to read. */
  private hexEscape(left: number): State {
    return (c) => {
      if (!isHex(c)) return this.fail(c, "in \\u hexadecimal character escape");
      this.to(left === 1 ? (d) => this.inString(d) : this.hexEscape(left - 1));
    };
  }

  private negative(c: number): void {
    if (c === char("0")) return this.to((d) => this.zero(d));
    if (c >= char("1") && c <= char("9")) return this.to((d) => this.nonZero(d));
    this.fail(c, "in numeric literal");
  }

  private nonZero(c: number): void {
    if (isDigit(c)) return;
    this.zero(c);
  }

  private zero(c: number): void {
    if (c === char(".")) return this.to((d) => this.dot(d));
    if (c === char("e") || c === char("E")) return this.to((d) => this.exponent(d));
    this.endNumber(c);
  }

  private dot(c: number): void {
    if (isDigit(c)) return this.to((d) => this.fraction(d));
    this.fail(c, "after decimal point in numeric literal");
  }

  private fraction(c: number): void {
    if (isDigit(c)) return;
    if (c === char("e") || c === char("E")) return this.to((d) => this.exponent(d));
    this.endNumber(c);
  }

  private exponent(c: number): void {
    if (c === char("+") || c === char("-")) return this.to((d) => this.exponentSign(d));
    this.exponentSign(c);
  }

  private exponentSign(c: number): void {
    if (isDigit(c)) return this.to((d) => this.exponentDigits(d));
    this.fail(c, "in exponent of numeric literal");
  }

  private exponentDigits(c: number): void {
    if (isDigit(c)) return;
    this.endNumber(c);
  }

  private endNumber(c: number): void {
    this.numbers.push([this.numberStart, this.offset]);
    this.endValue(c);
  }

  /** stateT, stateTr, stateTru (and f..., n...): `rest` still to read of `word`. */
  private literal(rest: string, word: string, at: number): State {
    return (c) => {
      if (c !== char(rest[at])) return this.fail(c, `in literal ${word} (expecting '${rest[at]}')`);
      this.to(at === rest.length - 1 ? (d) => this.endValue(d) : this.literal(rest, word, at + 1));
    };
  }
}

/** scanner.go, quoteChar: the byte as a Go rune literal (strconv.Quote of string(rune(c))). */
function quoteChar(c: number): string {
  if (c === char("'")) return "'\\''";
  if (c === char('"')) return "'\"'";
  return `'${quoteRune(c)}'`;
}

/** strconv.Quote's body for one rune below 256 (appendEscapedRune; IsPrint for Latin-1). */
function quoteRune(r: number): string {
  const named: Record<number, string> = { 0x07: "\\a", 0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x0b: "\\v", 0x5c: "\\\\" };
  if (named[r]) return named[r];
  const printable = (r >= 0x20 && r < 0x7f) || (r >= 0xa1 && r !== 0xad);
  if (printable) return String.fromCharCode(r);
  const hex = r.toString(16).padStart(2, "0");
  return r < 0x20 || r === 0x7f ? `\\x${hex}` : `\\u00${hex}`;
}
