import { KubesimError } from '../errors.js';
import { type Operator, parseInt64, type Requirement, Selector } from './labels.js';
import { isQualifiedName, isValidLabelValue } from './validation/names.js';

/**
 * The label selector string grammar of `kubectl get -l` (labels.Parse):
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<5`, joined by
 * commas. Errors carry upstream's texts.
 */
type Tok = 'ident' | 'in' | 'notin' | '=' | '==' | '!=' | '!' | '(' | ')' | ',' | '>' | '<' | 'eos';

interface Token {
  readonly tok: Tok;
  readonly lit: string;
}

const SYMBOLS: ReadonlyMap<string, Tok> = new Map<string, Tok>([
  [')', ')'],
  [',', ','],
  ['!', '!'],
  ['==', '=='],
  ['=', '='],
  ['>', '>'],
  ['<', '<'],
  ['!=', '!='],
  ['(', '('],
]);

function isSpecial(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';
}
function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function lex(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (isWhitespace(ch)) {
      i++;
      continue;
    }
    if (isSpecial(ch)) {
      // Greedy: extend while the buffer still names a symbol.
      let buf = '';
      let last: Tok | undefined;
      let lastLen = 0;
      let j = i;
      while (j < input.length && isSpecial(input[j] as string)) {
        buf += input[j];
        const t = SYMBOLS.get(buf);
        if (t !== undefined) {
          last = t;
          lastLen = buf.length;
        } else if (last !== undefined) break;
        j++;
      }
      if (last === undefined) {
        out.push({ tok: 'ident', lit: buf });
        i = j;
      } else {
        out.push({ tok: last, lit: input.slice(i, i + lastLen) });
        i += lastLen;
      }
      continue;
    }
    let j = i;
    while (j < input.length && !isWhitespace(input[j] as string) && !isSpecial(input[j] as string)) j++;
    const lit = input.slice(i, j);
    out.push({ tok: lit === 'in' ? 'in' : lit === 'notin' ? 'notin' : 'ident', lit });
    i = j;
  }
  out.push({ tok: 'eos', lit: '' });
  return out;
}

function fail(message: string): never {
  throw new KubesimError('E_SELECTOR', message);
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  /** Reads the next token; in value position the keywords `in` and `notin` are identifiers. */
  private consume(values: boolean): Token {
    const t = this.tokens[this.pos] as Token;
    if (t.tok !== 'eos') this.pos++;
    return values && (t.tok === 'in' || t.tok === 'notin') ? { tok: 'ident', lit: t.lit } : t;
  }
  private lookahead(values: boolean): Token {
    const t = this.tokens[this.pos] as Token;
    return values && (t.tok === 'in' || t.tok === 'notin') ? { tok: 'ident', lit: t.lit } : t;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const t = this.lookahead(true);
      if (t.tok === 'eos') return reqs;
      if (t.tok !== 'ident' && t.tok !== '!') fail(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
      reqs.push(this.requirement());
      const next = this.consume(true);
      if (next.tok === 'eos') return reqs;
      if (next.tok !== ',') fail(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead(true);
      if (after.tok !== 'ident' && after.tok !== '!') fail(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    const wrap = (m: string): never => fail(`unable to parse requirement: ${m}`);
    let t = this.consume(true);
    let doesNotExist = false;
    if (t.tok === '!') {
      doesNotExist = true;
      t = this.consume(true);
    }
    if (t.tok !== 'ident') return wrap(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrors = isQualifiedName(key);
    if (keyErrors.length > 0) wrap(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrors.join('; ')}`);
    const ahead = this.lookahead(true);
    if (doesNotExist || ahead.tok === 'eos' || ahead.tok === ',') {
      return { key, operator: doesNotExist ? '!' : 'exists', values: [] };
    }
    const opTok = this.consume(false);
    let op: Operator;
    switch (opTok.tok) {
      case 'in':
      case 'notin':
        op = opTok.tok;
        break;
      case '=':
      case '==':
      case '!=':
        op = opTok.tok;
        break;
      case '>':
        op = 'gt';
        break;
      case '<':
        op = 'lt';
        break;
      default:
        return wrap(`found '${opTok.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
    // Upstream collects the values in a sets.String and validates its sorted List(), so an error's
    // index is the value's position in sorted order.
    const values = [...new Set(op === 'in' || op === 'notin' ? this.valueSet(wrap) : [this.exactValue(wrap)])].sort();
    if ((op === 'gt' || op === 'lt') && parseInt64(values[0] ?? '') === undefined) {
      wrap(`values[0]: Invalid value: ${JSON.stringify(values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`);
    }
    values.forEach((v, i) => {
      const errs = isValidLabelValue(v);
      if (errs.length > 0) wrap(`values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${errs.join('; ')}`);
    });
    return { key, operator: op, values };
  }

  private exactValue(wrap: (m: string) => never): string {
    const ahead = this.lookahead(true);
    if (ahead.tok === 'eos' || ahead.tok === ',') return '';
    const t = this.consume(true);
    if (t.tok === 'ident') return t.lit;
    return wrap(`found '${t.lit}', expected: identifier`);
  }

  /** parseValues: `(` values `)`; `()` is the set holding only the empty value. */
  private valueSet(wrap: (m: string) => never): string[] {
    const open = this.consume(true);
    if (open.tok !== '(') wrap(`found '${open.lit}' expected: '('`);
    const ahead = this.lookahead(true);
    if (ahead.tok === ')') {
      this.consume(true);
      return [''];
    }
    if (ahead.tok !== 'ident' && ahead.tok !== ',') wrap(`found '${ahead.lit}', expected: ',', ')' or identifier`);
    const set = this.identifiersList(wrap);
    this.consume(true); // the ')' identifiersList stopped in front of
    return set;
  }

  /**
   * parseIdentifiersList: comma-separated, possibly empty values, up to (not including) the
   * `)`. A comma is consumed only where it is read, never on lookahead, so each gap between
   * commas is one empty value: `(a,,b)` is {"", a, b} and `(a,,,)` is {"", a}.
   */
  private identifiersList(wrap: (m: string) => never): string[] {
    const set: string[] = [];
    for (;;) {
      const t = this.consume(true);
      if (t.tok === 'ident') {
        set.push(t.lit);
        const next = this.lookahead(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return set;
        return wrap(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (t.tok === ',') {
        if (set.length === 0) set.push(''); // "(,"
        const next = this.lookahead(true);
        if (next.tok === ')') {
          set.push(''); // ",)"
          return set;
        }
        if (next.tok === ',') set.push(''); // ",,"
        continue;
      }
      return wrap(`found '${t.lit}', expected: ',', or identifier`);
    }
  }
}

/** labels.Parse: a selector string to a Selector; the empty string selects everything. */
export function parseSelector(input: string): Selector {
  const reqs = new Parser(lex(input)).parse();
  return reqs.length === 0 ? Selector.EVERYTHING : new Selector(reqs);
}
