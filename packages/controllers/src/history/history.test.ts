import type { ControllerRevision, StatefulSet } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerRevisionName,
  equalRevision,
  findEqualRevisions,
  fnv32,
  hashControllerRevision,
  newControllerRevision,
  sortControllerRevisions,
} from './history.js';

/** Ports of pkg/controller/history/controller_history_test.go (the pure parts). */

function newStatefulSet(name: string, uid: string, labels: Record<string, string>): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default', uid },
    spec: {
      replicas: 3,
      selector: { matchExpressions: Object.entries(labels).map(([key, v]) => ({ key, operator: 'In' as const, values: [v] })) },
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      serviceName: 'governingsvc',
    },
  };
}

/** rawTemplate: the template as the revision's data. */
function rev(set: StatefulSet, revision: number, created = 0): ControllerRevision {
  const r = newControllerRevision(set, set.spec.template.metadata?.labels, set.spec.template, revision, 0);
  return { ...r, metadata: { ...r.metadata, creationTimestamp: created } };
}

const ss1 = newStatefulSet('ss1', 'ss1', { foo: 'bar' });
const ss2 = newStatefulSet('ss2', 'ss2', { goo: 'car' });

describe('fnv32 (Go hash/fnv New32: FNV-1, not FNV-1a)', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0x050c5d7e],
    ['foobar', 0x31f0b262],
  ])('fnv32(%j)', (text, want) => {
    expect(fnv32(text)).toBe(want);
  });
});

describe('HashControllerRevision and NewControllerRevision', () => {
  it('names the revision <parent>-<hash> and labels it with the hash', () => {
    const r = rev(ss1, 1);
    const hash = r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] as string;
    expect(r.metadata.name).toBe(`ss1-${hash}`);
    expect(r.metadata.labels).toMatchObject({ foo: 'bar' });
    expect(r.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'ss1', uid: 'ss1', controller: true });
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });

  it('equal data hash equally whatever the revision number; the probe changes the hash', () => {
    expect(rev(ss1, 1).metadata.name).toBe(rev(ss1, 7).metadata.name);
    const r = rev(ss1, 1);
    expect(hashControllerRevision(r, 0)).not.toBe(hashControllerRevision(r, 1));
    expect(hashControllerRevision(r)).not.toBe(hashControllerRevision(r, 0));
  });

  it('ControllerRevisionName cuts a prefix longer than 223 characters', () => {
    expect(controllerRevisionName('a'.repeat(300), 'h')).toBe(`${'a'.repeat(223)}-h`);
    expect(controllerRevisionName('web', 'h')).toBe('web-h');
  });
});

describe('TestFindEqualRevisions', () => {
  const ss1Rev1 = rev(ss1, 1);
  const ss1Rev2 = { ...rev(ss1, 2), metadata: { ...rev(ss1, 2).metadata, ownerReferences: [] } };
  const ss2Rev1 = rev(ss2, 1);
  const ss2Rev2 = rev(ss2, 2);
  it.each([
    ['finds equivalent', ss1Rev1, [ss1Rev1, ss2Rev1, ss2Rev2], [ss1Rev1.metadata.name]],
    ['finds nothing when empty', ss1Rev1, [], []],
    ['finds nothing with no matches', ss1Rev1, [ss2Rev2, ss2Rev1], []],
  ] as const)('%s', (_name, needle, revisions, want) => {
    expect(findEqualRevisions(revisions, needle).map((r) => r.metadata.name)).toEqual(want);
  });
  it('an orphaned copy of the same data is equal', () => {
    expect(equalRevision(ss1Rev1, ss1Rev2)).toBe(true);
  });
});

describe('EqualRevision', () => {
  it('both absent are equal, one absent is not', () => {
    expect(equalRevision(undefined, undefined)).toBe(true);
    expect(equalRevision(rev(ss1, 1), undefined)).toBe(false);
  });
  it('decimal hash labels that differ decide at once, even over equal data (upstream compares them as int32)', () => {
    const a = rev(ss1, 1);
    const withHash = (r: ControllerRevision, h: string): ControllerRevision => ({
      ...r,
      metadata: { ...r.metadata, labels: { ...r.metadata.labels, [CONTROLLER_REVISION_HASH_LABEL]: h } },
    });
    expect(equalRevision(withHash(a, '123'), withHash(a, '456'))).toBe(false);
    expect(equalRevision(withHash(a, '123'), withHash(a, '123'))).toBe(true);
    // Safe-encoded hashes do not parse as integers: the data decides.
    expect(equalRevision(withHash(a, 'abc'), withHash(a, 'xyz'))).toBe(true);
  });
});

describe('TestSortControllerRevisions', () => {
  const ss1Rev1 = rev(ss1, 1, 0);
  const ss1Rev2 = rev(ss1, 2, 0);
  const ss1Rev3 = rev(ss1, 3, 0);
  const rename = (r: ControllerRevision, name: string, created: number): ControllerRevision => ({
    ...r,
    metadata: { ...r.metadata, name, creationTimestamp: created },
  });
  const ss1Rev3Time2 = rename(ss1Rev3, 'ss1-rev3-time2', 1000);
  const ss1Rev3Time2Name2 = rename(ss1Rev3, 'ss1-rev3-time2-name2', 1000);
  const names = (rs: readonly ControllerRevision[]): string[] => rs.map((r) => r.metadata.name as string);
  it.each([
    ['out of order', [ss1Rev2, ss1Rev1, ss1Rev3], [ss1Rev1, ss1Rev2, ss1Rev3]],
    ['sorted', [ss1Rev1, ss1Rev2, ss1Rev3], [ss1Rev1, ss1Rev2, ss1Rev3]],
    ['reversed', [ss1Rev3, ss1Rev2, ss1Rev1], [ss1Rev1, ss1Rev2, ss1Rev3]],
    [
      'with ties',
      [ss1Rev3Time2Name2, ss1Rev3, ss1Rev3Time2, ss1Rev2, ss1Rev1],
      [ss1Rev1, ss1Rev2, ss1Rev3, ss1Rev3Time2, ss1Rev3Time2Name2],
    ],
    ['empty', [], []],
  ] as const)('%s', (_name, input, want) => {
    expect(names(sortControllerRevisions(input))).toEqual(names(want));
  });
});
