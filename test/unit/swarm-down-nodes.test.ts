import { describe, expect, it } from 'vitest';
import { downNodesCause, downNodesWarning, nodeListArgs, parseDownNodes } from '../../src/strategies/swarm/down-nodes.js';

const LIST = [
  '2dlxomhvc2ohc2m4ex6ff8yv8 Ready Active vm',
  '9h0cgp3epmy1wacx1x9st8orb Down Active vm',
  'aaaaaaaaaaaaaaaaaaaaaaaaa Down Drain gone',
  'bbbbbbbbbbbbbbbbbbbbbbbbb Unknown Pause edge-2',
  '',
].join('\n');

describe('swarm nodes that are down', () => {
  it('lists the nodes not Ready whose availability still asks for tasks (a drained one is left out)', () => {
    expect(nodeListArgs()).toEqual(['docker', 'node', 'ls', '--format', '{{.ID}} {{.Status}} {{.Availability}} {{.Hostname}}']);
    expect(parseDownNodes(LIST)).toEqual([
      { id: '9h0cgp3epmy1wacx1x9st8orb', status: 'Down', hostname: 'vm' },
      { id: 'bbbbbbbbbbbbbbbbbbbbbbbbb', status: 'Unknown', hostname: 'edge-2' },
    ]);
    expect(parseDownNodes('')).toEqual([]);
  });

  it('a timed-out watch names the node and how to deploy without it', () => {
    expect(downNodesCause(parseDownNodes(LIST).slice(0, 1))).toBe(
      'node 9h0cgp3epmy1 (vm) is down: swarm cannot update a task there until it comes back ' +
        '(to deploy without it: docker node update --availability drain 9h0cgp3epmy1)',
    );
    expect(downNodesCause([])).toBe('');
  });

  it('a converged run warns only for global services while a node is down', () => {
    const down = parseDownNodes(LIST).slice(0, 1);
    expect(downNodesWarning(down, ['s_web'])).toBe(
      "node 9h0cgp3epmy1 (vm) is down: s_web (mode: global) is not updated there; swarm starts the new release's task on it when it comes back",
    );
    expect(downNodesWarning(down, ['s_a', 's_b'])).toContain('s_a, s_b (mode: global) are not updated there');
    expect(downNodesWarning(down, [])).toBe('');
    expect(downNodesWarning([], ['s_web'])).toBe('');
  });
});
