/**
 * A key written as a list (or a string) in one compose file and as a mapping (or a list) in
 * another: compose merges both (expected values checked with `docker compose config`, 2.26.1), so
 * a change to the first file's entries changes the service.
 */
import { describe, expect, it } from 'vitest';
import { parseComposeModel } from '../../src/compose/model.js';
import type { PlannerConfig } from '../../src/plan/types.js';
import { decision, NOTHING, planFor } from './plan-fixture.js';

const FILES = ['compose.yml', 'prod.yml'];
const CONFIG: PlannerConfig = { compose: { directory: '.', files: FILES }, rules: [], tasks: {} };
const BASE = `services:
  web:
    image: busybox
    networks: [front, other]
    sysctls: ["net.core.somaxconn=1024"]
    extra_hosts: ["db:10.0.0.1"]
    tmpfs: /run
    dns: 8.8.8.8
`;
const PROD = `services:
  web:
    networks:
      back: {aliases: [x]}
    sysctls: {net.ipv4.tcp_syncookies: "0"}
    extra_hosts: {cache: 10.0.0.2}
    tmpfs: [/tmp]
    dns: [1.1.1.1]
`;
const model = (base: string) =>
  parseComposeModel(
    FILES.map((path, i) => ({ path, content: i === 0 ? base : PROD })),
    '.',
  );

describe('list and mapping forms merged across files', () => {
  it('the merged definition keeps the entries of both files', () => {
    expect(model(BASE).services.web?.definition).toEqual({
      image: 'busybox',
      networks: { front: null, other: null, back: { aliases: ['x'] } },
      sysctls: { 'net.core.somaxconn': '1024', 'net.ipv4.tcp_syncookies': '0' },
      extra_hosts: { db: '10.0.0.1', cache: '10.0.0.2' },
      tmpfs: ['/run', '/tmp'],
      dns: ['8.8.8.8', '1.1.1.1'],
    });
  });

  it.each([
    ['a network added to the list form', BASE.replace('[front, other]', '[front, other, metrics]')],
    ['a sysctl changed in the list form', BASE.replace('=1024', '=4096')],
    ['an extra host changed in the list form', BASE.replace('10.0.0.1', '10.0.0.9')],
    ['a string tmpfs changed', BASE.replace('tmpfs: /run', 'tmpfs: /var/run')],
    ['a string dns changed', BASE.replace('dns: 8.8.8.8', 'dns: 9.9.9.9')],
  ])('%s recreates the service', (_name, changed) => {
    const plan = planFor(['M compose.yml'], { config: CONFIG, composeFrom: model(BASE), composeTo: model(changed), dockerignores: {} });
    expect(decision(plan)).toEqual({ ...NOTHING, recreate: ['web'] });
  });
});
