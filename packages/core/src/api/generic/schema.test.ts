import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../fieldErrors.js';
import type { JSONSchemaProps } from './crd.js';
import { prune, validateAgainstSchema } from './schema.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'integer', minimum: 1, maximum: 5, exclusiveMaximum: true },
        ratio: { type: 'number' },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string', minLength: 2 } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        note: { type: 'string', nullable: true },
        raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const errors = (value: unknown): string[] => validateAgainstSchema(value, schema, '', true).map(fieldErrorString);

describe('custom resource schema validation', () => {
  it('accepts a valid object: integers as numbers, int-or-string either way, nullable null', () => {
    expect(errors({ spec: { size: 4, ratio: 2, port: 80, tags: ['ab'], labels: { a: 'b' }, note: null } })).toEqual([]);
    expect(errors({ spec: { size: 1, port: 'http' } })).toEqual([]);
  });

  it("reports each failure in kube-openapi's words", () => {
    expect(errors({ spec: {} })).toEqual(['spec.size: Required value']);
    expect(errors({ spec: { size: 5 } })).toEqual(['spec.size: Invalid value: 5: spec.size in body should be less than 5']);
    expect(errors({ spec: { size: 0 } })).toEqual([
      'spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1',
    ]);
    expect(errors({ spec: { size: 1.5 } })).toEqual([
      'spec.size: Invalid value: "number": spec.size in body must be of type integer: "number"',
    ]);
    expect(errors({ spec: { size: 1, port: true } })).toEqual([
      'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
    ]);
    expect(errors({ spec: { size: 1, tags: [] } })).toEqual([
      'spec.tags: Invalid value: []: spec.tags in body should have at least 1 items',
    ]);
    expect(errors({ spec: { size: 1, tags: ['a', 'bb', 'cc'] } })).toEqual([
      'spec.tags: Too many: 3: must have at most 2 items',
      'spec.tags[0]: Invalid value: "a": spec.tags[0] in body should be at least 2 chars long',
    ]);
    expect(errors({ spec: { size: 1, labels: { a: 1 } } })).toEqual([
      'spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"',
    ]);
  });

  it('prunes what the schema does not declare, keeping preserved subtrees and the root metadata', () => {
    const obj = {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'a' },
      extra: 1,
      spec: { size: 1, typo: 2, raw: { any: { deep: 1 } } },
    };
    expect(prune(obj, schema, true)).toEqual({
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'a' },
      spec: { size: 1, raw: { any: { deep: 1 } } },
    });
    expect(obj.spec.typo).toBe(2);
  });
});
