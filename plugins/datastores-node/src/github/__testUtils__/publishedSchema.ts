import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLSchema, parse, validate } from 'graphql';
import { GithubServer } from '@datastores/test-servers';

let schema: GraphQLSchema | undefined;

/**
 * GitHub's published GraphQL schema (`@octokit/graphql-schema`), read from its file: the
 * package is ES modules only and exports no path to it.
 */
function publishedSchema(): GraphQLSchema {
  if (!schema) {
    const file = (require.resolve.paths('@octokit/graphql-schema') ?? [])
      .map(dir => join(dir, '@octokit/graphql-schema/schema.graphql'))
      .find(existsSync);
    if (!file) throw new Error('@octokit/graphql-schema is not installed');
    // The published SDL defines a few fields twice (v15.26.1: EnterpriseOwnerInfo's
    // repositoryDeployKeySetting): build it as GitHub serves it, without checking the SDL.
    schema = buildSchema(readFileSync(file, 'utf8'), { assumeValidSDL: true });
  }
  return schema;
}

/** What GitHub's published schema says is wrong with each GraphQL document sent to `server`. */
export function publishedSchemaProblems(server: GithubServer): string[] {
  return server.calls.flatMap(call =>
    call.document
      ? validate(publishedSchema(), parse(call.document)).map(
          e => `${call.graphql?.name ?? 'query'}: ${e.message}`,
        )
      : [],
  );
}

/** Fails (for an `afterEach`) when GitHub's published schema refuses a document sent to `server`. */
export function assertPublishedSchema(server: GithubServer) {
  const problems = publishedSchemaProblems(server);
  if (problems.length) {
    throw new Error(
      `GitHub's published schema refuses what was sent:\n${problems.join(
        '\n',
      )}`,
    );
  }
}
