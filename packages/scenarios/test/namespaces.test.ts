import type { KubeObject } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { runScenario, scenario } from '../src/index.js';

function web(namespace?: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', ...(namespace !== undefined ? { namespace } : {}), labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    },
  } as KubeObject;
}

describe('kubectl and namespaces', () => {
  it('create namespace, get ns, apply into it, delete ns: Terminating until its content is gone', () => {
    const s = scenario('namespaces')
      .seed(1)
      .nodes(1)
      .image('*', { pull: '1s', start: '500ms', stop: '2s' })
      .manifest('web.yaml', web('team'))
      .kubectl(0, 'apply -f web.yaml')
      .kubectl('1s', 'create namespace team')
      .kubectl('1s', 'create namespace team')
      .kubectl('2s', 'apply -f web.yaml')
      .kubectl('10s', 'get ns')
      .kubectl('20s', 'delete ns team')
      .kubectl('21s', 'get namespaces')
      .kubectl('21s', 'create deployment other --image=nginx -n team')
      .kubectl('30s', 'describe ns team')
      .kubectl('1m', 'get ns team')
      .until('1m')
      .build();
    const r = runScenario(s);
    const [missing, created, again, applied, listed, deleted, terminating, refused, described, gone] = r.steps;
    expect(described?.stdout).toBe(
      [
        'Name:         team',
        'Labels:       kubernetes.io/metadata.name=team',
        'Annotations:  <none>',
        'Status:       Terminating',
        'Conditions:',
        '  Type                                         Status  LastTransitionTime               Reason               Message',
        '  ----                                         ------  ------------------               ------               -------',
        '  NamespaceDeletionDiscoveryFailure            False   Thu, 01 Jan 2026 00:00:25 +0000  ResourcesDiscovered  All resources successfully discovered',
        '  NamespaceDeletionGroupVersionParsingFailure  False   Thu, 01 Jan 2026 00:00:25 +0000  ParsedGroupVersions  All legacy kube types successfully parsed',
        '  NamespaceDeletionContentFailure              False   Thu, 01 Jan 2026 00:00:25 +0000  ContentDeleted       All content successfully deleted, may be waiting on finalization',
        '  NamespaceContentRemaining                    True    Thu, 01 Jan 2026 00:00:25 +0000  SomeResourcesRemain  Some resources are remaining: pods. has 2 resource instances',
        '  NamespaceFinalizersRemaining                 False   Thu, 01 Jan 2026 00:00:25 +0000  ContentRemoved       All content successfully removed',
        '',
        'No resource quota.',
        '',
        'No LimitRange resource.',
        '',
      ].join('\n'),
    );
    // AddSourceToErr: a create from a manifest names the file.
    expect(missing?.stderr).toBe('Error from server (NotFound): error when creating "web.yaml": namespaces "team" not found\n');
    expect(created?.stdout).toBe('namespace/team created\n');
    expect(again?.stderr).toBe('Error from server (AlreadyExists): namespaces "team" already exists\n');
    expect(applied?.stdout).toBe('deployment.apps/web created\n');
    expect(listed?.stdout).toBe(
      [
        'NAME              STATUS   AGE',
        'default           Active   10s',
        'kube-node-lease   Active   10s',
        'kube-public       Active   10s',
        'kube-system       Active   10s',
        'team              Active   9s',
        '',
      ].join('\n'),
    );
    expect(deleted?.stdout).toBe('namespace "team" deleted\n');
    expect(terminating?.stdout).toContain('team              Terminating   20s');
    expect(refused?.stderr).toBe(
      // create_deployment.go wraps the server's error: fmt.Errorf("failed to create deployment: %v", err).
      'error: failed to create deployment: deployments.apps "other" is forbidden: unable to create new content in namespace team because it is being terminated\n',
    );
    expect(gone?.stderr).toBe('Error from server (NotFound): namespaces "team" not found\n');
    expect(r.view.list('Pod', 'team')).toEqual([]);
  });
});
