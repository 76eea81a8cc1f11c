import type { Command, Option } from 'commander';

/** The shells `kubesim completion` writes a script for. */
export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * Values an option takes where they are a fixed list, beyond commander's own `choices`
 * (which `--control-plane` does not use, so that its error stays kubesim's).
 */
export interface CompletionValues {
  readonly [flag: string]: readonly string[];
}

interface Flag {
  readonly names: readonly string[];
  readonly description: string;
  readonly takesValue: boolean;
  /** A fixed list of values, or `files` when the value is a path, or `any` (nothing to offer). */
  readonly values: readonly string[] | 'files' | 'any';
}

interface Sub {
  readonly name: string;
  readonly description: string;
  readonly flags: readonly Flag[];
  /** What its arguments are: a fixed list (`completion bash|zsh`), files, or none at all. */
  readonly words: readonly string[] | 'files' | 'none';
}

function flagOf(o: Option, values: CompletionValues): Flag {
  const names = [o.long, o.short].filter((n): n is string => n !== undefined);
  const listed = o.argChoices ?? (o.long === undefined ? undefined : values[o.long]);
  // The value's placeholder says whether it names a file: `--log <path>`.
  const kind = /<(path|file|dir)[^>]*>/.test(o.flags) ? 'files' : 'any';
  return { names, description: o.description, takesValue: o.required || o.optional, values: listed ?? kind };
}

/** The program's commands and flags, read from its definition so the script never falls behind. */
function commandsOf(program: Command, values: CompletionValues): Sub[] {
  const help: Flag = { names: ['--help', '-h'], description: 'display help', takesValue: false, values: 'any' };
  return program.commands.map((c) => ({
    name: c.name(),
    description: c.description(),
    flags: [...c.options.map((o) => flagOf(o, values)), help],
    words: c.registeredArguments.length === 0 ? 'none' : (c.registeredArguments[0]?.argChoices ?? 'files'),
  }));
}

/** A completion script for `shell`, listing the program's commands and each one's flags. */
export function completionScript(program: Command, shell: Shell, values: CompletionValues = {}): string {
  const subs = commandsOf(program, values);
  const top = program.options.map((o) => flagOf(o, values)).flatMap((f) => f.names);
  return shell === 'bash' ? bashScript(subs, [...top, '--help']) : zshScript(subs, [...top, '--help']);
}

function bashScript(subs: readonly Sub[], top: readonly string[]): string {
  const cases = subs.map((s) => {
    const valued = s.flags.filter((f) => f.takesValue);
    const valueCases = valued.map((f) => {
      const reply =
        f.values === 'files'
          ? 'COMPREPLY=($(compgen -f -- "$cur"))'
          : f.values === 'any'
            ? 'COMPREPLY=()'
            : `COMPREPLY=($(compgen -W "${f.values.join(' ')}" -- "$cur"))`;
      return `        ${f.names.join('|')}) ${reply}; return ;;`;
    });
    const notFlag =
      s.words === 'files'
        ? 'COMPREPLY=($(compgen -f -- "$cur"))'
        : s.words === 'none'
          ? 'COMPREPLY=()'
          : `COMPREPLY=($(compgen -W "${s.words.join(' ')}" -- "$cur"))`;
    const words = `\n      if [[ $cur != -* ]]; then ${notFlag}; return; fi`;
    return [
      `    ${s.name})`,
      ...(valueCases.length > 0 ? ['      case "$prev" in', ...valueCases, '      esac'] : []),
      `      flags="${s.flags.flatMap((f) => f.names).join(' ')}"${words}`,
      '      ;;',
    ].join('\n');
  });
  return `# kubesim completion for bash. Load it with:  source <(kubesim completion bash)
_kubesim() {
  local cur prev flags
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${subs.map((s) => s.name).join(' ')} ${top.join(' ')}" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
    *) return ;;
  esac
  COMPREPLY=($(compgen -W "$flags" -- "$cur"))
}
complete -o filenames -F _kubesim kubesim
`;
}

/** Text safe inside a single-quoted zsh word and an _arguments/_describe description. */
function zq(s: string): string {
  return s.replace(/'/g, "'\\''").replace(/([[\]:])/g, '\\$1');
}

function zshSpec(f: Flag): string[] {
  const action = f.takesValue
    ? `:${zq(f.names[0]?.replace(/^-+/, '') ?? 'value')}:${f.values === 'files' ? '_files' : f.values === 'any' ? ' ' : `(${f.values.join(' ')})`}`
    : '';
  const exclusive = f.names.length > 1 ? `(${f.names.join(' ')})` : '';
  return f.names.map((n) => `'${exclusive}${n}[${zq(f.description)}]${action}'`);
}

function zshScript(subs: readonly Sub[], top: readonly string[]): string {
  const described = subs.map((s) => `    '${zq(s.name)}:${zq(s.description)}'`);
  const cases = subs.map((s) => {
    const rest = s.words === 'files' ? ["'*:file:_files'"] : s.words === 'none' ? [] : [`'1:${s.name}:(${s.words.join(' ')})'`];
    const specs = [...s.flags.flatMap(zshSpec), ...rest].map((x) => `        ${x}`).join(' \\\n');
    return [`    ${s.name})`, '      _arguments -s \\', specs, '      ;;'].join('\n');
  });
  return `#compdef kubesim
# kubesim completion for zsh. Load it with:  source <(kubesim completion zsh)
# (after compinit), or save it as _kubesim in a directory on $fpath.
_kubesim() {
  local -a commands
  commands=(
${described.join('\n')}
  )
  if (( CURRENT == 2 )); then
    if [[ $PREFIX == -* ]]; then
      compadd -- ${top.join(' ')}
    else
      _describe -t commands 'kubesim command' commands
    fi
    return
  fi
  words=("\${(@)words[2,-1]}")
  (( CURRENT-- ))
  case "\${words[1]}" in
${cases.join('\n')}
  esac
}
if [[ "\${funcstack[1]}" == _kubesim ]]; then
  _kubesim "$@"
else
  compdef _kubesim kubesim
fi
`;
}
