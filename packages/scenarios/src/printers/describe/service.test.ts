import { defaultControllers } from '@kubesim/controllers';
import { type Endpoints, type Service, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeObject } from './index.js';
import { formatEndpoints } from './service.js';

const web: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', labels: { app: 'web' }, annotations: { 'example.com/team': 'a' } },
  spec: {
    type: 'NodePort',
    ports: [
      { name: 'http', port: 80, targetPort: 'http', nodePort: 30080 },
      { name: 'metrics', port: 9090 },
    ],
  },
};

const addresses = (n: number): { ip: string }[] => Array.from({ length: n }, (_, i) => ({ ip: `10.244.0.${i + 1}` }));

/**
 * Four ready addresses and one not ready, on both named ports. The service has no selector, so
 * these endpoints are the user's to manage, as an endpoints controller would leave them.
 */
const webEndpoints: Endpoints = {
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'web' },
  subsets: [
    {
      addresses: addresses(4),
      notReadyAddresses: [{ ip: '10.244.0.9' }],
      ports: [
        { name: 'http', port: 8080 },
        { name: 'metrics', port: 9090 },
      ],
    },
  ],
};

const plain: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'plain' },
  spec: { selector: { app: 'plain' }, ports: [{ port: 80 }] },
};

function cluster(): Simulation {
  const sim = new Simulation({
    seed: 1,
    controllers: defaultControllers(),
    nodes: ['node-1'],
    objects: [web, webEndpoints, plain],
  });
  sim.run('10s');
  return sim;
}

describe('kubectl describe service', () => {
  it('describes a NodePort service without selector port by port, with the endpoints of each', () => {
    const sim = cluster();
    expect(describeObject(sim.view, 'Service', 'web', 'default', sim.now)?.split('\n')).toEqual(NODE_PORT);
  });

  it('describes a ClusterIP service without endpoints', () => {
    const sim = cluster();
    expect(describeObject(sim.view, 'Service', 'plain', 'default', sim.now)?.split('\n')).toEqual(CLUSTER_IP);
  });
});

describe('formatEndpoints', () => {
  it('lists three ready ip:port pairs of the port, then how many more', () => {
    expect(formatEndpoints(webEndpoints, 'http')).toBe('10.244.0.1:8080,10.244.0.2:8080,10.244.0.3:8080 + 1 more...');
    expect(formatEndpoints({ ...webEndpoints, subsets: [{ addresses: addresses(2), ports: [{ port: 80 }] }] }, '')).toBe(
      '10.244.0.1:80,10.244.0.2:80',
    );
  });

  it('gives addresses alone for a subset without ports, <none> without subsets, nothing when none is ready', () => {
    expect(formatEndpoints({ ...webEndpoints, subsets: [{ addresses: addresses(1) }] }, 'http')).toBe('10.244.0.1');
    expect(formatEndpoints(undefined, '')).toBe('<none>');
    expect(formatEndpoints({ ...webEndpoints, subsets: [{ notReadyAddresses: addresses(1), ports: [{ port: 80 }] }] }, '')).toBe(
      '',
    );
  });
});

const NODE_PORT: string[] = [
  'Name:                     web',
  'Namespace:                default',
  'Labels:                   app=web',
  'Annotations:              example.com/team: a',
  'Selector:                 <none>',
  'Type:                     NodePort',
  'IP Families:              <none>',
  'IP:                       10.96.0.2',
  'IPs:                      10.96.0.2',
  'Port:                     http  80/TCP',
  'TargetPort:               http/TCP',
  'NodePort:                 http  30080/TCP',
  'Endpoints:                10.244.0.1:8080,10.244.0.2:8080,10.244.0.3:8080 + 1 more...',
  'Port:                     metrics  9090/TCP',
  'TargetPort:               9090/TCP',
  'Endpoints:                10.244.0.1:9090,10.244.0.2:9090,10.244.0.3:9090 + 1 more...',
  'Session Affinity:         None',
  'External Traffic Policy:  Cluster',
  'Internal Traffic Policy:  Cluster',
  'Events:                   <none>',
  '',
];

const CLUSTER_IP: string[] = [
  'Name:                     plain',
  'Namespace:                default',
  'Labels:                   <none>',
  'Annotations:              <none>',
  'Selector:                 app=plain',
  'Type:                     ClusterIP',
  'IP Families:              <none>',
  'IP:                       10.96.0.3',
  'IPs:                      10.96.0.3',
  'Port:                     <unset>  80/TCP',
  'TargetPort:               80/TCP',
  'Endpoints:                <none>',
  'Session Affinity:         None',
  'Internal Traffic Policy:  Cluster',
  'Events:                   <none>',
  '',
];
