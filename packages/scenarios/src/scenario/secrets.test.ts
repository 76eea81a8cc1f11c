import { describe, expect, it } from 'vitest';
import { loadScenario } from './load.js';

/**
 * A Secret whose data does not decode (not base64) is refused where the manifest is read; the
 * refusal must not echo the Secret's data, as upstream's printers never do outside `-o yaml`.
 */
const PASSWORD = 'aHVudGVyMg=!';
const TOKEN = 'hunter2-token';
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
type: Opaque
data:
  password: ${PASSWORD}
stringData:
  token: ${TOKEN}
`;

function refusal(scenario: string, files: Record<string, string> = {}): string {
  try {
    loadScenario(scenario, 's.yaml', {
      readFile: (p) => {
        const text = files[p];
        if (text === undefined) throw new Error('ENOENT');
        return text;
      },
    });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the scenario was accepted');
}

describe("a refused Secret's data is never in the message", () => {
  it.each([
    ['a manifest file', 'manifests:\n- file: secret.yaml\n', { 'secret.yaml': SECRET }],
    [
      'a multi-document file',
      'manifests:\n- file: all.yaml\n',
      { 'all.yaml': `${SECRET}---\n${SECRET.replace('name: db', 'name: db2')}` },
    ],
    [
      'a List item',
      'manifests:\n- file: list.yaml\n',
      { 'list.yaml': `apiVersion: v1\nkind: List\nitems:\n- ${SECRET.trimEnd().split('\n').join('\n  ')}\n` },
    ],
    ['an inline block', `manifests:\n- name: s.yaml\n  inline: |\n    ${SECRET.trimEnd().split('\n').join('\n    ')}\n`, {}],
    [
      'data of the wrong type',
      'manifests:\n- file: bad.yaml\n',
      { 'bad.yaml': SECRET.replace(`password: ${PASSWORD}`, `password: [${PASSWORD}]`) },
    ],
    ['a step reading it', 'steps:\n- at: 1s\n  kubectl: apply -f secret.yaml\n', { 'secret.yaml': SECRET }],
  ])('%s', (_name, scenario, files) => {
    const message = refusal(scenario, files);
    expect(message).toMatch(
      /Secret in version "v1" cannot be handled as a Secret: (illegal base64 data at input byte 10|json: cannot unmarshal array)/,
    );
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain('hunter2');
  });

  it('a YAML error inside a Secret names the line, not its text', () => {
    const message = refusal('manifests:\n- file: secret.yaml\n', {
      'secret.yaml': SECRET.replace(`token: ${TOKEN}`, `token: "${TOKEN}`),
    });
    expect(message).toMatch(/^secret.yaml:\d+:\d+: YAML error: /);
    expect(message).not.toContain(TOKEN);
  });
});
