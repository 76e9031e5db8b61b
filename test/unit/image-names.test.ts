import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { imageIdsScript, parseImageIds, putBackNamesScript } from '../../src/apply/image-names.js';

describe('image names put back', () => {
  it('imageIdsScript prints `<id> <name>` per name, `-` for none', () => {
    expect(imageIdsScript(['app_web', 'my img'])).toBe(
      [
        `printf '%s %s\\n' "$(docker image inspect -f '{{.Id}}' app_web 2>/dev/null || echo -)" app_web`,
        `printf '%s %s\\n' "$(docker image inspect -f '{{.Id}}' 'my img' 2>/dev/null || echo -)" 'my img'`,
      ].join('\n'),
    );
  });

  it('parseImageIds reads them back (a name with a registry port too)', () => {
    expect(parseImageIds('sha256:aa app_web\n- reg:5000/x/y:1\n\n')).toEqual({ app_web: 'sha256:aa', 'reg:5000/x/y:1': null });
  });

  it('putBackNamesScript tags each id back, removes a name that named nothing, never fails', () => {
    const script = putBackNamesScript({ app_web: 'sha256:aa', app_zz: null });
    expect(script).toBe(['docker tag sha256:aa app_web', 'docker image rm app_zz >/dev/null 2>&1 || true', 'exit 0'].join('\n'));
    for (const s of [script, imageIdsScript(['a', 'b'])]) execFileSync('sh', ['-n', '-c', s]);
  });
});
