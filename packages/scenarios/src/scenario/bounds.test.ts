import { describe, expect, it } from 'vitest';
import { loadManifest } from './manifest.js';

const deployment = (name: string, label: string, cpu: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: "${name}", labels: {app: "${label}"}}
spec:
  selector: {matchLabels: {app: "${label}"}}
  template:
    metadata: {labels: {app: "${label}"}}
    spec: {containers: [{name: web, image: nginx, resources: {requests: {cpu: "${cpu}"}}}]}
`;

/** The API server's own bounds, checked before a run starts (regressions for issue 14). */
describe("a manifest past the API server's bounds is refused", () => {
  it('a name longer than 253 characters', () => {
    expect(() => loadManifest('d.yaml', deployment('a'.repeat(254), 'web', '1'))).toThrow(
      /metadata.name: Invalid value: "a{254}": must be no more than 253 characters/,
    );
  });

  it('a label value longer than 63 characters', () => {
    expect(() => loadManifest('d.yaml', deployment('web', 'a'.repeat(64), '1'))).toThrow(/must be no more than 63 characters/);
  });

  it('a label key whose name part is longer than 63 characters', () => {
    const text = deployment('web', 'web', '1').replace('labels: {app: "web"}}', `labels: {app: "web", ${'k'.repeat(64)}: x}}`);
    expect(() => loadManifest('d.yaml', text)).toThrow(/name part must be no more than 63 characters/);
  });

  it('a quantity past what kubesim expands, at once', () => {
    expect(() => loadManifest('d.yaml', deployment('web', 'web', '1e100000000'))).toThrow(
      /Invalid value: "1e100000000": quantities larger than 1e1000 are not supported by kubesim/,
    );
  });
});
