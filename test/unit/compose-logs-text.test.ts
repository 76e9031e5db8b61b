/**
 * `logs` of a compose v2 target (2.26 here) printed ESC[2K before every line, even with --no-color
 * and no terminal (seen on the MyElectricalData-like app): the text shown and kept is without it.
 */
import { describe, expect, it } from 'vitest';
import { withoutEraseLine } from '../../src/apply/compose-logs.js';

describe('compose logs text', () => {
  it('drops the erase-line codes compose writes, keeps the lines', () => {
    const raw = '\u001b[2Kbackend-1  | GET /ping 200\n\u001b[2Kbackend-1  | GET / 200\n\u001b[Kcaddy-1  | up\n';
    expect(withoutEraseLine(raw)).toBe('backend-1  | GET /ping 200\nbackend-1  | GET / 200\ncaddy-1  | up\n');
  });

  it("leaves any other escape (a service's own colours) as it is", () => {
    expect(withoutEraseLine('web-1  | \u001b[31mERROR\u001b[0m boom\n')).toBe('web-1  | \u001b[31mERROR\u001b[0m boom\n');
  });
});
