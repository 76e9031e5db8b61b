import { describe, expect, it } from 'vitest';
import { linkBaseImages } from '../../src/compose/base-images.js';
import { parseComposeModel } from '../../src/compose/model.js';

const model = (yaml: string) => parseComposeModel([{ path: 'compose.yml', content: yaml }], '.');
const BASE = `
services:
  base:
    build: ./base
    image: app-base
`;

describe('linkBaseImages: the services whose image a build builds on', () => {
  it('an additional context docker-image://<the image a service builds>', () => {
    const m = model(`${BASE}  web:\n    build:\n      context: ./web\n      additional_contexts: {b: "docker-image://app-base:latest"}\n`);
    expect(linkBaseImages(m, {}).services.web?.build?.fromServices).toEqual(['base']);
  });

  it('a Dockerfile FROM it, an image nobody builds, its own image', () => {
    const m = model(`${BASE}  web:\n    build: ./web\n    image: app-web\n`);
    const dockerfiles = { 'web/Dockerfile': 'FROM app-base\nCOPY --from=app-web /x /x\nCOPY --from=nginx /y /y\n' };
    expect(linkBaseImages(m, dockerfiles).services.web?.build?.fromServices).toEqual(['base']);
    expect(linkBaseImages(m, {}).services.web?.build?.fromServices).toBeUndefined();
  });
});

describe('an unnamed built image (no image:), by the name compose gives it', () => {
  const UNNAMED = 'services:\n  base:\n    build: ./base\n  web:\n    build: ./web\n';
  it.each([
    ['FROM <project>-<service> (compose v2)', 'FROM shop-base\n', 'shop', ['base']],
    ['FROM <project>_<service> (compose v1)', 'FROM shop_base:latest\n', 'shop', ['base']],
    ['another project name: nothing', 'FROM other-base\n', 'shop', undefined],
    ['no project known: nothing', 'FROM shop-base\n', undefined, undefined],
  ])('%s', (_name, dockerfile, project, want) => {
    const linked = linkBaseImages(model(UNNAMED), { 'web/Dockerfile': dockerfile }, project);
    expect(linked.services.web?.build?.fromServices).toEqual(want);
  });
});
