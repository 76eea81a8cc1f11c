import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../fieldErrors.js';
import type { LabelSelector, ObjectMeta } from '../types.js';
import { validateAnnotations, validateLabelSelector, validateLabels, validateObjectMeta } from './meta.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from './names.js';

const strings = (errs: readonly Parameters<typeof fieldErrorString>[0][]) => errs.map(fieldErrorString);
const meta = (m: ObjectMeta, namespaced = true, nameFn = isDNS1123Subdomain) =>
  strings(validateObjectMeta(m, namespaced, nameFn));

const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('TestValidateObjectMeta', () => {
  it('a name or a generateName is required', () => {
    expect(meta({ namespace: 'default' })).toEqual(['metadata.name: Required value: name or generateName is required']);
    expect(meta({ generateName: 'web-', namespace: 'default' })).toEqual([]);
  });
  it('a generateName prefix may end in a dash (maskTrailingDash)', () => {
    expect(meta({ generateName: 'web-', namespace: 'default' }, true, isDNS1123Label)).toEqual([]);
    expect(meta({ generateName: 'a-', namespace: 'default' }, true, isDNS1035Label)).toEqual([]);
    expect(meta({ generateName: 'Web-', namespace: 'default' })).toEqual([
      expect.stringMatching(/^metadata\.generateName: Invalid value: "Web-": a lowercase RFC 1123 subdomain/),
    ]);
  });
  it('namespaced kinds need a valid namespace; cluster-scoped kinds may not have one', () => {
    expect(meta({ name: 'x' })).toEqual(['metadata.namespace: Required value']);
    expect(meta({ name: 'x', namespace: 'My_NS' })[0]).toMatch(
      /^metadata\.namespace: Invalid value: "My_NS": a lowercase RFC 1123 label/,
    );
    expect(meta({ name: 'x', namespace: 'default' }, false)).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });
  it('labels: keys and values, reported at the map path', () => {
    expect(meta({ name: 'x', namespace: 'd', labels: { 'app name': 'web', tier: 'front end' } })).toEqual([
      `metadata.labels: Invalid value: "app name": ${NAME_PART_MSG}`,
      `metadata.labels: Invalid value: "front end": ${LABEL_VALUE_MSG}`,
    ]);
  });
  it('annotation keys are checked lower-cased; label keys are not', () => {
    expect(strings(validateAnnotations({ 'Example.com/Key': 'v' }, 'metadata.annotations'))).toEqual([]);
    expect(strings(validateLabels({ 'Example.com/Key': 'v' }, 'metadata.labels'))).toEqual([
      expect.stringMatching(/^metadata\.labels: Invalid value: "Example\.com\/Key": prefix part a lowercase RFC 1123 subdomain/),
    ]);
  });
  it('annotations may total 256 KiB', () => {
    expect(strings(validateAnnotations({ a: 'x'.repeat(256 * 1024 - 1) }, 'metadata.annotations'))).toEqual([]);
    expect(strings(validateAnnotations({ a: 'x'.repeat(256 * 1024) }, 'metadata.annotations'))).toEqual([
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
  });
  it('owner references are reported at the list path', () => {
    expect(
      meta({ name: 'x', namespace: 'd', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: '' }] }),
    ).toEqual(['metadata.ownerReferences.uid: Invalid value: "": uid must not be empty']);
    expect(
      meta({ name: 'x', namespace: 'd', ownerReferences: [{ apiVersion: 'apps/', kind: '', name: 'rs', uid: 'u' }] }),
    ).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
    ]);
  });
  it('only one controller reference, named pairwise with the first', () => {
    const ref = (name: string) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: name, controller: true });
    const errs = meta({ name: 'x', namespace: 'd', ownerReferences: [ref('a'), ref('b'), ref('c')] });
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(
      /^metadata\.ownerReferences: Invalid value: \[.*\]: Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/a and ReplicaSet\/b$/,
    );
    expect(errs[1]).toMatch(/for ReplicaSet\/a and ReplicaSet\/c$/);
  });
  it('finalizers: qualified names, and unprefixed ones must be standard', () => {
    expect(meta({ name: 'x', namespace: 'd', finalizers: ['kubernetes', 'foregroundDeletion', 'example.com/cleanup'] })).toEqual(
      [],
    );
    expect(meta({ name: 'x', namespace: 'd', finalizers: ['cleanup'] })).toEqual([
      'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
    expect(meta({ name: 'x', namespace: 'd', finalizers: ['orphan', 'foregroundDeletion'] })).toEqual([
      'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });
});

describe('TestValidateLabelSelector', () => {
  const sel = (s: LabelSelector) => strings(validateLabelSelector(s, 'spec.selector'));
  it('accepts valid selectors', () => {
    expect(sel({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] })).toEqual(
      [],
    );
    expect(sel({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] })).toEqual([]);
  });
  it.each([
    [
      'In without values',
      { matchExpressions: [{ key: 'k', operator: 'NotIn', values: [] }] },
      ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
    ],
    [
      'Exists with values',
      { matchExpressions: [{ key: 'k', operator: 'Exists', values: ['v'] }] },
      ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    ],
    [
      'an unknown operator',
      { matchExpressions: [{ key: 'k', operator: 'Equals', values: ['v'] }] },
      ['spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator'],
    ],
    [
      'an invalid key',
      { matchExpressions: [{ key: 'a/b/c', operator: 'Exists' }] },
      [
        "spec.selector.matchExpressions[0].key: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
    [
      'an invalid value is checked at its index',
      { matchExpressions: [{ key: 'k', operator: 'In', values: ['ok', 'not ok'] }] },
      [`spec.selector.matchExpressions[0].values[1]: Invalid value: "not ok": ${LABEL_VALUE_MSG}`],
    ],
    [
      'matchLabels at the matchLabels path',
      { matchLabels: { k: '-v' } },
      [`spec.selector.matchLabels: Invalid value: "-v": ${LABEL_VALUE_MSG}`],
    ],
  ] as [string, LabelSelector, string[]][])('%s', (_n, s, want) => expect(sel(s)).toEqual(want));
});
