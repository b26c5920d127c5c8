import { parseAllDocuments } from 'yaml';
import { toYaml } from './yaml';

describe('toYaml', () => {
  it('never turns values into anchors, aliases or tags, and keeps strings strings', () => {
    const labels = { a: 'b' };
    const text = toYaml([
      {
        one: labels,
        two: labels,
        s: [
          'yes',
          'no',
          'on',
          '0777',
          '1e3',
          '*x',
          '&y',
          '!!str z',
          'a: b',
          '- c',
          '# d',
          '---',
          '...',
          '',
        ],
      },
      { second: true },
    ]);
    expect(text).not.toMatch(/[&*]\w+\n|^%YAML/m);
    const docs = parseAllDocuments(text, { version: '1.1' }).map(d => d.toJS());
    expect(docs).toEqual([
      {
        one: labels,
        two: labels,
        s: [
          'yes',
          'no',
          'on',
          '0777',
          '1e3',
          '*x',
          '&y',
          '!!str z',
          'a: b',
          '- c',
          '# d',
          '---',
          '...',
          '',
        ],
      },
      { second: true },
    ]);
  });
});
