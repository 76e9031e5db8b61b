/** Compose variable interpolation and the compose `.env` (issue #9): literals in, literals out. */
import { describe, expect, it } from 'vitest';
import { parseDotEnv } from '../../src/compose/dotenv.js';
import { interpolate } from '../../src/compose/interpolate.js';

const VARS = { SET: 'value', EMPTY: '', FALLBACK: 'fallback', TAG: '1.2' };

describe('interpolate: the compose spec forms, only the given variables', () => {
  it.each<[string, string, string, string[]]>([
    ['plain text', 'no dollars', 'no dollars', []],
    ['$VAR', 'a-$SET-b', 'a-value-b', []],
    ['${VAR}', 'img:${TAG}', 'img:1.2', []],
    ['$VAR ends at a non-name character', '$SET.x $SETX', 'value.x ', []],
    ['unset $VAR and ${VAR} → empty (as compose, with its warning)', '[$NOPE][${NOPE}]', '[][]', []],
    [':- set', '${SET:-d}', 'value', []],
    [':- empty', '${EMPTY:-d}', 'd', []],
    [':- unset', '${NOPE:-d}', 'd', []],
    ['- empty stays empty', '[${EMPTY-d}]', '[]', []],
    ['- unset', '${NOPE-d}', 'd', []],
    [':+ set', '${SET:+alt}', 'alt', []],
    [':+ empty', '[${EMPTY:+alt}]', '[]', []],
    ['+ empty', '${EMPTY+alt}', 'alt', []],
    ['+ unset', '[${NOPE+alt}]', '[]', []],
    [':? set', '${SET:?need it}', 'value', []],
    ['? empty is set', '[${EMPTY?need it}]', '[]', []],
    ['? unset → kept raw, unresolved', 'x ${NOPE?need it} y', 'x ${NOPE?need it} y', ['${NOPE?need it}']],
    [':? empty → kept raw, unresolved', '${EMPTY:?need it}', '${EMPTY:?need it}', ['${EMPTY:?need it}']],
    ['nested default', '${NOPE:-${FALLBACK}}', 'fallback', []],
    ['nested twice', '${NOPE:-${ALSO:-deep}}', 'deep', []],
    ['default with $VAR', '${NOPE:-$SET/x}', 'value/x', []],
    ['$$ escape', '$${SET} $$SET $$', '${SET} $SET $', []],
    ['$ before a non-name stays', 'cost: 5$ $1 $-', 'cost: 5$ $1 $-', []],
    ['unsupported shell form → raw, unresolved', '${SET/a/b}', '${SET/a/b}', ['${SET/a/b}']],
    ['unterminated → raw, unresolved', 'x ${SET', 'x ${SET', ['${SET']],
    ['a built-in object key is not a variable', '[$constructor][${toString}]', '[][]', []],
  ])('%s', (_name, text, expected, unresolved) => {
    const seen = new Set<string>();
    expect(interpolate(text, VARS, seen)).toBe(expected);
    expect([...seen]).toEqual(unresolved);
  });
});

describe('parseDotEnv', () => {
  it('KEY=value lines, comments, export, quotes, inline comments, earlier keys feed later ones', () => {
    const text = [
      '# a comment',
      '',
      'A=1',
      'export B = two ',
      "C='literal ${A} # kept'",
      'D="line\\nnext ${A} \\"q\\" \\$A"',
      'E=x #comment',
      'F=x#not-a-comment',
      'G=${A}-${NOPE:-d}',
      'H=',
      'NOVALUE',
      'bad key=1',
      'A2=${A}$A',
    ].join('\n');
    expect(parseDotEnv(text)).toEqual({
      A: '1',
      B: 'two',
      C: 'literal ${A} # kept',
      D: 'line\nnext 1 "q" $A',
      E: 'x',
      F: 'x#not-a-comment',
      G: '1-d',
      H: '',
      A2: '11',
    });
  });

  it('CRLF line ends; a later line wins', () => {
    expect(parseDotEnv('A=1\r\nA=2\r\n')).toEqual({ A: '2' });
  });
});
