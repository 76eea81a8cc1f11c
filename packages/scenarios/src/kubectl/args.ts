/**
 * kubectl-style arguments: positionals and flags (`--name=value`, `--name value`, `-f file`,
 * boolean `--overwrite`). Each command says which flags it accepts and which take a value;
 * anything else is an error in kubectl's words.
 */
export interface FlagSpec {
  /** Long names that take a value. */
  readonly values?: readonly string[];
  /** Long names that are booleans (`--force`, `--force=false`). */
  readonly booleans?: readonly string[];
  /** Short aliases: `f` → `filename`. */
  readonly short?: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string[]>;
  /** Where `--` stood among the positionals (what follows it is a command's own words). */
  readonly dashAt?: number;
}

export class ArgError extends Error {}

export function parseArgs(tokens: readonly string[], spec: FlagSpec): ParsedArgs {
  const values = new Set(['namespace', ...(spec.values ?? [])]);
  const booleans = new Set(spec.booleans ?? []);
  const short: Record<string, string> = { n: 'namespace', ...(spec.short ?? {}) };
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  let dashAt: number | undefined;
  const add = (name: string, value: string): void => {
    flags.set(name, [...(flags.get(name) ?? []), value]);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t === '--') {
      dashAt = positionals.length;
      positionals.push(...tokens.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      name = eq < 0 ? t.slice(2) : t.slice(2, eq);
      inline = eq < 0 ? undefined : t.slice(eq + 1);
    } else if (t.startsWith('-') && t.length > 1) {
      const letter = t[1] as string;
      name = short[letter];
      if (name === undefined) throw new ArgError(`unknown shorthand flag: '${letter}' in ${t}`);
      inline = t.length > 2 ? t.slice(t[2] === '=' ? 3 : 2) : undefined;
    }
    if (name === undefined) {
      positionals.push(t);
      continue;
    }
    if (values.has(name)) {
      if (inline !== undefined) add(name, inline);
      else if (i + 1 < tokens.length) add(name, tokens[++i] as string);
      else throw new ArgError(`flag needs an argument: --${name}`);
    } else if (booleans.has(name)) {
      add(name, inline ?? 'true');
    } else {
      throw new ArgError(`unknown flag: --${name}`);
    }
  }
  return { positionals, flags, ...(dashAt !== undefined ? { dashAt } : {}) };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.at(-1);
}

export function flagAll(args: ParsedArgs, name: string): string[] {
  return args.flags.get(name) ?? [];
}

export function bool(args: ParsedArgs, name: string): boolean {
  const v = flag(args, name);
  return v !== undefined && v !== 'false';
}

/**
 * An integer flag as pflag parses it: its value, the default when absent, or pflag's error
 * message for a value that is not an integer.
 */
export function intFlag(args: ParsedArgs, name: string, absent: number): number | string {
  const text = flag(args, name);
  if (text === undefined) return absent;
  if (!/^-?[0-9]+$/.test(text))
    return `invalid argument ${JSON.stringify(text)} for "--${name}" flag: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`;
  return Number(text);
}
