import { GithubServer } from '@datastores/test-servers';
import { publishedSchemaProblems } from '../../fixtures/github/publishedSchema';

describe('publishedSchemaProblems', () => {
  const sent = (document: string) =>
    ({
      calls: [{ document, graphql: { name: 'Q' } }],
    } as unknown as GithubServer);

  it('accepts what GitHub accepts and names what it refuses', () => {
    expect(
      publishedSchemaProblems(sent('query Q { viewer { login } }')),
    ).toEqual([]);
    expect(
      publishedSchemaProblems(
        sent('query Q { repository(owner: "o", name: "r") { noSuchField } }'),
      ),
    ).toEqual(['Q: Cannot query field "noSuchField" on type "Repository".']);
  });
});
