/**
 * The hostile corpus every action refuses before any call: values that would break out of
 * HCL or YAML, climb paths, or reach GitHub unescaped.
 */
// Reviewers, team reviewers and labels go to GitHub as given: each list holds a good value
// first, so the refusal must name the hostile one by its index.
export const pullRequestOptionFields = ['reviewers', 'teamReviewers', 'labels'];
export const hostileInputs: Array<[field: string, value: unknown]> = [
  ['name', 'x }\nresource "aws_iam_user" "y" {'],
  ['name', '${var.secret}'],
  ['name', 'main\n---\nkind: Secret'],
  ['service', 'component:default/../orders'],
  ['namespace', 'shop\n---'],
  ['environments', ['production\n---']],
  ['criticality', 'CATASTROPHIC'],
  ['owner', 'group:default/${x}'],
  ...['a b', '../x', 'x\ny', '${{ github.token }}', '', 'x'.repeat(40)].map(
    value => ['reviewers', ['alice', value]] as [string, unknown],
  ),
  ['reviewers', ['alice', '-x']],
  ['reviewers', ['alice', 'x-']],
  ['reviewers', ['alice', 'a--b']],
  ['reviewers', ['alice', 42]],
  ['reviewers', 'alice'],
  ...['a b', '../x', 'x\ny', '${{ github.token }}', ''].map(
    value => ['teamReviewers', ['acme/dba', value]] as [string, unknown],
  ),
  ['teamReviewers', ['acme/dba', 'org/team/extra']],
  ['teamReviewers', ['acme/dba', 'Platform']],
  ['teamReviewers', 'acme/dba'],
  ['labels', ['bug', 'a\nb']],
  ['labels', ['bug', 'l'.repeat(100)]],
  ['labels', ['bug', 'l'.repeat(51)]],
  ['labels', ['bug', 'a\tb']],
  ['labels', ['bug', ' bug']],
  ['labels', ['bug', 'a,b']],
  ['labels', ['bug', '${{ github.token }}']],
  ['labels', ['bug', '']],
  ['labels', ['bug', { name: 'x' }]],
  ['labels', 'bug'],
  ['draft', 'yes'],
];
