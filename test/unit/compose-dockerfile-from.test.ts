import { describe, expect, it } from 'vitest';
import { dockerfileImages } from '../../src/compose/dockerfile-from.js';

describe('dockerfileImages: the images a Dockerfile builds on', () => {
  it.each<[string, string, Record<string, unknown>, string[]]>([
    ['a plain FROM', 'FROM app-base:latest\nCOPY . /app\n', {}, ['app-base:latest']],
    ['keyword case and --platform', 'from --platform=linux/amd64 app-base AS build\n', {}, ['app-base']],
    ['a later FROM on a stage is no image', 'FROM app-base AS deps\nRUN x\nFROM deps\nFROM Deps AS final\n', {}, ['app-base']],
    ['scratch is no image', 'FROM scratch\nCOPY busybox /bin/busybox\n', {}, []],
    [
      'COPY --from an image, not a stage or an index',
      'FROM a AS s\nFROM b\nCOPY --from=s /x /x\nCOPY --from=0 /y /y\nCOPY --from=tools:1 /t /t\n',
      {},
      ['a', 'b', 'tools:1'],
    ],
    ['ADD --from and RUN --mount=from', 'FROM a\nADD --from=c /x /x\nRUN --mount=type=bind,from=d,target=/d true\n', {}, ['a', 'c', 'd']],
    ['an ARG default names it', 'ARG BASE=app-base:latest\nFROM ${BASE}\n', {}, ['app-base:latest']],
    ['build.args override the ARG default', 'ARG BASE=app-base:latest\nFROM $BASE\n', { BASE: 'other:2' }, ['other:2']],
    ['an ARG without default set by build.args', 'ARG TAG\nFROM app-base:${TAG:-latest}\n', { TAG: 'v3' }, ['app-base:v3']],
    ['an unset ARG takes the :- default', 'ARG TAG\nFROM app-base:${TAG:-latest}\n', { TAG: null }, ['app-base:latest']],
    ['an ARG after the first FROM does not reach a FROM', 'FROM a\nARG BASE=x\nFROM ${BASE:-y}\n', {}, ['a', 'y']],
    ['# syntax line and comments', '# syntax=docker/dockerfile:1\n# FROM commented\nFROM app-base\n', {}, ['app-base']],
    [
      'line continuations, with a comment inside',
      'FROM \\\n  # the base\n  app-base:latest \\\n  AS build\nFROM build\n',
      {},
      ['app-base:latest'],
    ],
    ['# escape=` directive', '# escape=`\nFROM `\n  app-base\nRUN dir c:\\\n', {}, ['app-base']],
    ['CRLF line ends', 'FROM app-base\r\nCOPY --from=tools /x /x\r\n', {}, ['app-base', 'tools']],
  ])('%s', (_name, text, args, images) => {
    expect(dockerfileImages(text, args)).toEqual(images);
  });
});
