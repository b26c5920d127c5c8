import { TARGETS } from '@datastores/plugin-datastores-common';
import { z as zod } from 'zod/v3';

/**
 * The schema parts and checks the datastores actions share. Each part is a function of the
 * scaffolder's zod, as `createTemplateAction` takes them.
 */
type Z = typeof zod;

/** The pull requests an action opened, and the task page's links to them. */
export const pullRequestsOutput = {
  pullRequests: (z: Z) =>
    z.array(
      z.object({
        target: z.enum(TARGETS),
        repo: z.string(),
        url: z.string(),
        number: z.number(),
      }),
    ),
  links: (z: Z) =>
    z
      .array(z.object({ title: z.string(), url: z.string(), icon: z.string() }))
      .describe(
        "The task page's links: one per pull request, with GitHub's icon",
      ),
};

/** A dry run's files: `null` content where a file is deleted. */
export const dryRunFilesOutput = (z: Z) =>
  z
    .array(
      z.object({
        target: z.enum(TARGETS),
        path: z.string(),
        content: z.string().nullable(),
      }),
    )
    .optional()
    .describe('Dry run only: every file, null where it is deleted');
