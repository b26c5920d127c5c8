import { InputError } from '@backstage/errors';
import {
  pullRequestOptionProblems,
  validatePullRequestOptions,
} from './pullRequestOptions';

type Field = 'reviewers' | 'teamReviewers' | 'labels';

const good: Array<[field: Field, value: string]> = [
  ['reviewers', 'alice'],
  ['reviewers', 'Bob-Smith'],
  ['reviewers', 'a'],
  ['reviewers', '0'],
  ['reviewers', 'a1-b2-c3'],
  ['reviewers', 'x'.repeat(39)],
  ['teamReviewers', 'platform'],
  ['teamReviewers', 'acme/platform'],
  ['teamReviewers', 'Acme-Corp/db_admins'],
  ['teamReviewers', '9team'],
  ['teamReviewers', 'team-a_b'],
  ['teamReviewers', `acme/${'t'.repeat(100)}`],
  ['labels', 'bug'],
  ['labels', 'needs review'],
  ['labels', 'priority: high'],
  ['labels', 'area/datastores'],
  ['labels', '🚀 deploy'],
  ['labels', '$5 {x}'],
  ['labels', 'l'.repeat(50)],
  ['labels', '🚀'.repeat(50)], // 50 characters, 100 UTF-16 code units
];

/** Hostile or wrong values: each must be refused naming the field and its index. */
const hostile: Array<[field: Field, value: unknown]> = [
  ['reviewers', 'a b'],
  ['reviewers', '../x'],
  ['reviewers', 'x\ny'],
  ['reviewers', '${{ github.token }}'],
  ['reviewers', ''],
  ['reviewers', 'x'.repeat(40)],
  ['reviewers', '-x'],
  ['reviewers', 'x-'],
  ['reviewers', 'a--b'],
  ['reviewers', 'a_b'],
  ['reviewers', 'a.b'],
  ['reviewers', 'acme/alice'],
  ['reviewers', '@alice'],
  ['reviewers', 'dependabot[bot]'],
  ['reviewers', 'аlice'], // Cyrillic "а"
  ['reviewers', 'alice\u200b'], // zero-width space
  ['reviewers', 42],
  ['reviewers', null],
  ['reviewers', ['alice']],
  ['teamReviewers', 'a b'],
  ['teamReviewers', '../x'],
  ['teamReviewers', 'x\ny'],
  ['teamReviewers', '${{ github.token }}'],
  ['teamReviewers', ''],
  ['teamReviewers', 'org/team/extra'],
  ['teamReviewers', 'Platform'],
  ['teamReviewers', 'acme/Platform'],
  ['teamReviewers', '-team'],
  ['teamReviewers', '_team'],
  ['teamReviewers', 'acme/'],
  ['teamReviewers', '/team'],
  ['teamReviewers', '-acme/team'],
  ['teamReviewers', `${'o'.repeat(40)}/team`],
  ['teamReviewers', 't'.repeat(101)],
  ['teamReviewers', '@acme/team'],
  ['teamReviewers', 42],
  ['labels', 'a\nb'],
  ['labels', 'l'.repeat(100)],
  ['labels', 'l'.repeat(51)],
  ['labels', '🚀'.repeat(51)],
  ['labels', ''],
  ['labels', 'a\tb'],
  ['labels', 'a\r\nb'],
  ['labels', 'a\u0000b'],
  ['labels', 'a\u007fb'],
  ['labels', 'a\u0085b'],
  ['labels', ' bug'],
  ['labels', 'bug '],
  ['labels', 'bug\u00a0'],
  ['labels', ' '],
  ['labels', 'a,b'],
  ['labels', '${{ github.token }}'],
  ['labels', 'x ${{ secrets.TOKEN }}'],
  ['labels', 42],
  ['labels', { name: 'bug' }],
];

describe('validatePullRequestOptions', () => {
  it('returns empty lists and no draft when nothing is given', () => {
    expect(validatePullRequestOptions({})).toEqual({
      reviewers: [],
      teamReviewers: [],
      labels: [],
    });
  });

  it('keeps good values and draft, dropping duplicates (GitHub ignores case)', () => {
    expect(
      validatePullRequestOptions({
        reviewers: ['alice', 'bob', 'alice', 'Alice'],
        teamReviewers: ['acme/platform', 'dba', 'acme/platform'],
        labels: ['bug', 'needs review', 'bug', 'Bug'],
        draft: true,
      }),
    ).toEqual({
      reviewers: ['alice', 'bob'],
      teamReviewers: ['acme/platform', 'dba'],
      labels: ['bug', 'needs review'],
      draft: true,
    });
    expect(validatePullRequestOptions({ draft: false }).draft).toBe(false);
  });

  it.each(good)('accepts %s %j', (field, value) => {
    expect(pullRequestOptionProblems({ [field]: [value] })).toEqual([]);
    expect(validatePullRequestOptions({ [field]: [value] })[field]).toEqual([
      value,
    ]);
  });

  it('has a corpus with every hostile value of the issue', () => {
    for (const field of ['reviewers', 'teamReviewers'] as const) {
      for (const value of ['a b', '../x', 'x\ny', '${{ github.token }}']) {
        expect(hostile).toContainEqual([field, value]);
      }
    }
    expect(hostile).toContainEqual(['labels', 'a\nb']);
    expect(hostile).toContainEqual(['labels', 'l'.repeat(100)]);
  });

  it.each(hostile)(
    'refuses %s %j, naming the field and its index',
    (field, value) => {
      // Second in the list, after a good value, so the index is checked too.
      const raw = { [field]: [good.find(g => g[0] === field)![1], value] };
      expect(pullRequestOptionProblems(raw)).toEqual([
        { field: `${field}[1]`, message: expect.any(String) },
      ]);
      expect(() => validatePullRequestOptions(raw)).toThrow(InputError);
      expect(() => validatePullRequestOptions(raw)).toThrow(`: ${field}[1] `);
    },
  );

  it('quotes the value it refuses, control characters escaped', () => {
    expect(() =>
      validatePullRequestOptions({ reviewers: ['ok', 'a b'] }),
    ).toThrow(
      'reviewers[1] must be a GitHub login: 1 to 39 ASCII letters, digits and single hyphens, not starting or ending with a hyphen; got "a b"',
    );
    expect(() => validatePullRequestOptions({ labels: ['a\nb'] })).toThrow(
      'labels[0] must not contain control characters (newline, tab and the like); got "a\\nb"',
    );
    expect(() => validatePullRequestOptions({ labels: ['a\u0085b'] })).toThrow(
      'got "a\\u0085b"',
    );
    expect(() =>
      validatePullRequestOptions({ labels: ['l'.repeat(100)] }),
    ).toThrow(
      'labels[0] is 100 characters long; GitHub refuses labels over 50',
    );
    expect(() => validatePullRequestOptions({ labels: ['a,b'] })).toThrow(
      "labels[0] must not contain a comma (GitHub's label filters are comma separated)",
    );
    expect(() =>
      validatePullRequestOptions({ labels: ['${{ github.token }}'] }),
    ).toThrow('labels[0] must not contain "${{"');
  });

  it.each([
    ['reviewers', 'alice'],
    ['teamReviewers', 'acme/platform'],
    ['labels', 'bug'],
    ['labels', { 0: 'bug' }],
    ['labels', null],
  ])('refuses %s that is not a list (%j)', (field, value) => {
    expect(pullRequestOptionProblems({ [field]: value })).toEqual([
      {
        field,
        message: expect.stringMatching(new RegExp(`^${field} must be a list`)),
      },
    ]);
    expect(() => validatePullRequestOptions({ [field]: value })).toThrow(
      InputError,
    );
  });

  it.each(['true', 1, null, []])('refuses draft %j', value => {
    expect(() => validatePullRequestOptions({ draft: value })).toThrow(
      'draft must be true or false',
    );
  });

  it('names every bad field at once', () => {
    expect(
      pullRequestOptionProblems({
        reviewers: ['a b', 'ok', '-x'],
        teamReviewers: 'platform',
        labels: ['ok', 'a,b'],
        draft: 'yes',
      }).map(p => p.field),
    ).toEqual([
      'reviewers[0]',
      'reviewers[2]',
      'teamReviewers',
      'labels[1]',
      'draft',
    ]);
  });
});
