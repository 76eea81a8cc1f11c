/**
 * @kubesim/cli: the `kubesim` command. Not built yet — the command line (run, replay, get,
 * describe) is its own issue; until then the README's example runs through tsx.
 */
export {};
